## Chung

common-yes = Có
common-no = Không
common-back = Quay lại
common-cancelled = Đã huỷ. Bạn có thể chọn việc khác trong menu.
common-pick-one = Bạn vui lòng chọn một mục trong danh sách: gõ số thứ tự của mục đó (trên Telegram có thể bấm nút).
common-stale-choice = Nút đó thuộc tin nhắn cũ. Bạn vui lòng chọn trong danh sách mới nhất bên dưới.
common-unsupported-input = Cảm ơn bạn! Hiện mình chỉ đọc được tin nhắn chữ. Bạn vui lòng trả lời bằng chữ nhé.
common-unknown-command = Mình chưa hiểu lệnh này. Các lệnh dùng được: /start, /submit, /my, /dialogues, /profile, /language, /mydata, /help, /cancel.
common-error = Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Bạn vui lòng thử lại sau ít phút.
common-flow-restarted = Chatbot vừa được cập nhật nên mình phải bắt đầu lại từ menu. Xin lỗi vì sự bất tiện này.

## Bắt đầu và đồng ý xử lý dữ liệu cá nhân

start-welcome =
    Chào bạn! Đây là chatbot "Đối thoại với thanh niên" của Đoàn Thanh niên.
    Qua chatbot, bạn có thể gửi câu hỏi, kiến nghị, đề xuất theo từng chủ đề tới lãnh đạo phường, thị xã, tỉnh trước buổi đối thoại, theo dõi trả lời và xem lịch đối thoại.
consent-text =
    Trước khi bắt đầu, bạn vui lòng đọc và đồng ý cho xử lý dữ liệu cá nhân (Luật Bảo vệ dữ liệu cá nhân 2025 và Nghị định 356/2025/NĐ-CP; thay cho Nghị định 13/2023/NĐ-CP):
    • Dữ liệu được lưu: họ tên, năm sinh, chi đoàn, số điện thoại (nếu bạn cho), các kiến nghị bạn gửi và mã tài khoản chat của bạn.
    • Mục đích: tiếp nhận và trả lời kiến nghị của bạn; và nếu bạn đồng ý riêng, gửi thông báo, lời mời dự đối thoại.
    • Bên xử lý: Đoàn Thanh niên và văn phòng UBND của đơn vị tổ chức đối thoại.
    • Thời gian lưu: đến 12 tháng sau buổi đối thoại, hoặc đến khi bạn rút lại đồng ý.
    • Quyền của bạn: xem dữ liệu (/mydata), sửa (/profile), rút lại đồng ý và yêu cầu xoá bất cứ lúc nào (/mydata). Kiến nghị đã gửi được giữ lại ở dạng ẩn danh.
    Bạn có đồng ý không?
consent-agree = Tôi đồng ý
consent-decline = Tôi không đồng ý
start-other-language = English
consent-declined = Mình tôn trọng lựa chọn của bạn và không lưu thông tin gì của bạn. Khi nào muốn tham gia, bạn chỉ cần gửi /start.
consent-announcements-ask = Bạn có muốn nhận thông báo về các buổi đối thoại và lời mời tham dự qua chatbot không? (Bạn có thể đổi lại bất cứ lúc nào trong /mydata.)
consent-recorded = Cảm ơn bạn! Mình đã ghi nhận sự đồng ý của bạn. Giờ mình hỏi vài thông tin ngắn để hoàn thiện hồ sơ nhé.
farewell-send-start = Khi nào muốn bắt đầu lại, bạn gửi /start nhé.

## Hồ sơ

profile-ask-name = Họ và tên đầy đủ của bạn là gì? (tối đa { $max } ký tự)
profile-name-invalid = Họ tên chỉ gồm chữ cái và khoảng trắng, từ 2 đến { $max } ký tự. Bạn nhập lại giúp mình nhé.
profile-ask-birth-year = Bạn sinh năm nào? (ví dụ: 2001)
profile-birth-year-invalid = Năm sinh gồm 4 chữ số, ví dụ 2001. Bạn nhập lại giúp mình nhé.
profile-under-age =
    Cảm ơn bạn đã quan tâm! Theo quy định về bảo vệ dữ liệu cá nhân, bạn dưới 16 tuổi cần có sự đồng ý của cha mẹ hoặc người giám hộ nên chatbot chưa thể đăng ký cho bạn. Mình đã xoá mọi thông tin bạn vừa nhập.
    Bạn có thể nhờ bí thư chi đoàn hoặc thầy cô chuyển ý kiến của mình tới buổi đối thoại nhé.
profile-over-age = Chương trình dành cho thanh niên từ 16 đến 30 tuổi, nhưng ý kiến của bạn vẫn luôn được chào đón!
profile-ask-branch = Bạn sinh hoạt ở chi đoàn nào?
profile-ask-phone = Số điện thoại của bạn (không bắt buộc; để cán bộ liên hệ khi cần làm rõ kiến nghị). Gõ số điện thoại, hoặc chọn bỏ qua.
profile-phone-skip = Bỏ qua
profile-phone-remove = Xoá số điện thoại
profile-phone-invalid = Số điện thoại chưa đúng. Bạn nhập số di động Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.
profile-value-none = (chưa có)
profile-saved = Đã lưu.
profile-complete = Xong rồi, { $name }! Hồ sơ của bạn đã hoàn tất.
profile-overview =
    Hồ sơ của bạn:
    • Họ tên: { $name }
    • Năm sinh: { $birthYear }
    • Chi đoàn: { $branch }
    • Điện thoại: { $phone }
    Bạn muốn sửa mục nào?
profile-edit-name = Sửa họ tên
profile-edit-birth-year = Sửa năm sinh
profile-edit-branch = Đổi chi đoàn
profile-edit-phone = Sửa số điện thoại

## Menu

menu-ask = Bạn muốn làm gì?
menu-submit = Gửi kiến nghị
menu-my = Kiến nghị của tôi
menu-dialogues = Lịch đối thoại
menu-profile = Hồ sơ
menu-language = Ngôn ngữ / Language
menu-mydata = Dữ liệu của tôi
menu-help = Hướng dẫn

help-text =
    Hướng dẫn sử dụng:
    • /submit — gửi câu hỏi, kiến nghị theo chủ đề
    • /my — xem kiến nghị đã gửi, trạng thái và trả lời; sửa hoặc rút khi còn hạn
    • /dialogues — lịch các buổi đối thoại sắp tới
    • /profile — xem, sửa hồ sơ
    • /mydata — dữ liệu chatbot đang lưu; rút lại đồng ý
    • /language — đổi ngôn ngữ
    • /cancel — huỷ thao tác đang làm, quay về menu
    Khi có danh sách lựa chọn, bạn gõ số thứ tự hoặc nội dung của mục (trên Telegram có thể bấm nút).

## Lịch đối thoại

dialogues-none = Hiện chưa có buổi đối thoại nào sắp diễn ra.
dialogue-format = { $format ->
    [IN_PERSON] Trực tiếp
    [ONLINE] Trực tuyến qua điểm cầu
   *[HYBRID] Trực tiếp và trực tuyến qua điểm cầu
}
dialogues-item =
    📅 { $title }
    Đơn vị tổ chức: { $host }
    Thời gian: { $startsAt }
    Địa điểm: { $venue }
    Hình thức: { $format }
    Chủ đề năm: { $theme }
    { $submissions }
dialogues-submissions-open = Nhận kiến nghị đến { $closesAt }.
dialogues-submissions-not-yet = Bắt đầu nhận kiến nghị từ { $opensAt }.
dialogues-submissions-closed = Đã hết hạn nhận kiến nghị ({ $closedAt }).

## Ngôn ngữ

language-ask = Bạn chọn ngôn ngữ nào? / Which language?
# Each language is named in itself, so anyone finds theirs.
language-name-vi = Tiếng Việt
language-name-en = English
language-changed = Đã chuyển sang tiếng Việt.

## Gửi kiến nghị

submit-ask-dialogue = Bạn gửi kiến nghị cho buổi đối thoại nào?
submit-ask-topic =
    { $title }
    Hạn gửi kiến nghị: { $closesAt }.
    Kiến nghị của bạn thuộc chủ đề nào?
submit-ask-level = Bạn muốn gửi kiến nghị tới lãnh đạo cấp nào?
proposal-level = { $level ->
    [WARD] Phường
    [TOWN] Thị xã
   *[PROVINCE] Tỉnh
}
submit-level-office = Để cán bộ xác định
submit-ask-text = Bạn viết nội dung câu hỏi hoặc kiến nghị (từ { $min } đến { $max } ký tự).
proposal-text-too-short = Nội dung hơi ngắn: cần ít nhất { $min } ký tự (bạn viết { $length }). Bạn viết rõ hơn một chút nhé.
proposal-text-too-long = Nội dung dài quá: tối đa { $max } ký tự (bạn viết { $length }). Bạn rút gọn giúp mình nhé.
proposal-submissions-closed = Đã hết hạn nhận kiến nghị lúc { $closedAt }. Bạn vẫn có thể phát biểu trực tiếp tại buổi đối thoại.
proposal-submissions-not-open = Chưa đến thời gian nhận kiến nghị. Chatbot bắt đầu nhận từ { $opensAt }.
proposal-already-handled = Kiến nghị { $code } đã được cán bộ xử lý nên không sửa hoặc rút được nữa.
submit-review =
    Bạn xem lại kiến nghị:
    • Chủ đề: { $topic }
    • Gửi tới: { $level }
    • Nội dung: { $text }
submit-confirm = Gửi
submit-edit-text = Sửa nội dung
submit-change-topic = Đổi chủ đề
submit-cancel = Huỷ
submit-cancelled = Đã huỷ, kiến nghị chưa được gửi.
submit-received = Đã nhận kiến nghị của bạn. Mã kiến nghị: { $code }. Bạn theo dõi trạng thái và trả lời trong /my.

## Kiến nghị của tôi

my-none = Bạn chưa gửi kiến nghị nào. Gửi kiến nghị: /submit
my-ask-pick = Bạn đã gửi { $count } kiến nghị. Chọn một kiến nghị để xem chi tiết:
my-item = { $code } · { $status }
proposal-status = { $status ->
    [RECEIVED] Đã tiếp nhận
    [FORWARDED] Đã chuyển cơ quan chức năng
    [ANSWERED] Đã trả lời
    [ANSWERED_AT_DIALOGUE] Đã trả lời tại buổi đối thoại
    [NOT_ADMISSIBLE] Không thuộc phạm vi tiếp nhận
   *[WITHDRAWN] Đã rút
}
my-detail =
    Kiến nghị { $code }
    • Đối thoại: { $dialogue }
    • Chủ đề: { $topic }
    • Gửi tới: { $level }
    • Gửi lúc: { $createdAt }
    • Trạng thái: { $status }
    • Nội dung: { $text }
my-answer = Trả lời: { $answer }
my-edit = Sửa nội dung
my-withdraw = Rút kiến nghị
my-edited = Đã sửa nội dung kiến nghị.
my-withdraw-confirm = Bạn chắc chắn muốn rút kiến nghị này?
my-withdraw-yes = Rút kiến nghị
my-withdrawn = Đã rút kiến nghị.

## Dữ liệu của tôi

mydata-show =
    Dữ liệu chatbot đang lưu về bạn:
    • Họ tên: { $name }
    • Năm sinh: { $birthYear }
    • Chi đoàn: { $branch }
    • Điện thoại: { $phone }
    • Số kiến nghị đã gửi: { $proposals }
    • Đồng ý xử lý dữ liệu: phiên bản { $consentVersion }, lúc { $consentAt }, qua { $consentChannel }
    • Nhận thông báo, lời mời: { $announcements }
channel-name = { $channel ->
    [telegram] Telegram
    [zalo] Zalo
   *[other] cửa sổ dòng lệnh
}
mydata-announcements-on = Nhận thông báo, lời mời
mydata-announcements-off = Ngừng nhận thông báo, lời mời
mydata-withdraw = Rút lại đồng ý và xoá dữ liệu
mydata-withdraw-confirm = Khi rút lại đồng ý, mình sẽ xoá họ tên, năm sinh, số điện thoại và liên kết tài khoản chat của bạn ngay. Kiến nghị đã gửi được giữ lại ở dạng ẩn danh. Bạn chắc chắn chứ?
mydata-withdraw-yes = Rút lại đồng ý
mydata-withdrawn = Đã xoá dữ liệu cá nhân của bạn. Cảm ơn bạn đã tham gia!

## Lệnh (mô tả trong menu lệnh)

command-start =
    .description = Bắt đầu
command-submit =
    .description = Gửi kiến nghị
command-my =
    .description = Kiến nghị của tôi
command-dialogues =
    .description = Lịch đối thoại
command-profile =
    .description = Hồ sơ
command-language =
    .description = Đổi ngôn ngữ
command-mydata =
    .description = Dữ liệu của tôi, rút lại đồng ý
command-help =
    .description = Hướng dẫn
command-cancel =
    .description = Huỷ thao tác đang làm
