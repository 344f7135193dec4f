/** What youth ask and what the office answers, for the benchmarks' proposals: texts of 100–400 characters are made of these sentences. */
export const SENTENCES = [
  "Đề nghị phường tạo điều kiện cho thanh niên được vay vốn ưu đãi từ Quỹ quốc gia về việc làm để phát triển mô hình kinh tế hộ gia đình.",
  "Hiện nay nhiều bạn trẻ ở khu phố chưa có việc làm ổn định sau khi tốt nghiệp, mong lãnh đạo quan tâm giới thiệu việc làm tại các khu công nghiệp.",
  "Thủ tục đăng ký hộ kinh doanh còn mất nhiều thời gian, đề nghị hướng dẫn cụ thể và cho phép nộp hồ sơ trực tuyến trên Cổng dịch vụ công.",
  "Đề xuất mở lớp tập huấn kỹ năng số, thương mại điện tử và bán hàng qua mạng xã hội miễn phí cho đoàn viên thanh niên.",
  "Sân chơi, bãi tập thể thao cho thanh thiếu nhi trên địa bàn còn thiếu, nhiều nơi xuống cấp, đề nghị có kế hoạch cải tạo.",
  "Mong được biết chính sách hỗ trợ đối với thanh niên hoàn thành nghĩa vụ quân sự trở về địa phương, nhất là hỗ trợ học nghề.",
  "Đường điện chiếu sáng tại các ngõ xóm còn thiếu, ảnh hưởng đến an ninh trật tự và việc đi lại của người dân vào buổi tối.",
  "Đề nghị tăng cường phủ sóng wifi miễn phí tại nhà văn hoá khu phố để thanh niên có chỗ học tập, sinh hoạt và làm việc trực tuyến.",
  "Thanh niên khởi nghiệp nông nghiệp công nghệ cao gặp khó khăn về mặt bằng sản xuất, mong địa phương hỗ trợ thuê đất dài hạn.",
  "Cần có thêm các buổi tư vấn hướng nghiệp, tuyển sinh cho học sinh lớp 12 và thanh niên chưa có định hướng nghề nghiệp.",
  "Việc xử lý rác thải sinh hoạt ở một số khu dân cư chưa kịp thời, đề nghị đoàn thanh niên phối hợp tổ chức ra quân vệ sinh môi trường.",
  "Đề nghị đơn giản hoá thủ tục cấp giấy xác nhận cư trú và căn cước cho thanh niên đi làm ăn xa quê.",
  "Mong lãnh đạo thị xã có cơ chế khen thưởng, tôn vinh các mô hình thanh niên làm kinh tế giỏi để lan toả tinh thần khởi nghiệp.",
  "Tình trạng thanh thiếu niên sử dụng thuốc lá điện tử đang gia tăng, đề nghị tăng cường tuyên truyền và kiểm tra các điểm bán.",
];
export const ANSWERS = [
  "UBND phường đã giao Hội Liên hiệp Thanh niên phối hợp Ngân hàng Chính sách xã hội rà soát nhu cầu và hướng dẫn hồ sơ vay vốn trong quý tới.",
  "Thị xã sẽ tổ chức phiên giao dịch việc làm vào tháng Mười Hai tại Trung tâm Văn hoá, ưu tiên lao động trẻ chưa có việc làm ổn định.",
  "Kiến nghị đã được chuyển đến Phòng Kinh tế thị xã; thủ tục đăng ký hộ kinh doanh trực tuyến sẽ được hướng dẫn tại bộ phận một cửa.",
  "Phường đã đưa hạng mục cải tạo sân chơi khu phố vào kế hoạch đầu tư công năm tới và sẽ lấy ý kiến người dân trước khi triển khai.",
];
export const AGENCIES = ["Phòng Lao động – Thương binh và Xã hội", "Phòng Kinh tế", "Sở Thông tin và Truyền thông", "Công an phường"];
export const REASONS = ["Nội dung không thuộc thẩm quyền giải quyết của địa phương.", "Nội dung đã được trả lời tại kỳ đối thoại trước."];
