## Chung

common-yes = Có
common-no = Không
common-back = Quay lại
common-cancelled = Đã huỷ. Bạn có thể chọn việc khác trong menu.
common-pick-one = Bạn vui lòng chọn một mục trong danh sách: gõ số thứ tự của mục đó (trên Telegram có thể bấm nút).
common-stale-choice = Nút đó thuộc tin nhắn cũ. Bạn vui lòng chọn trong danh sách mới nhất bên dưới.
common-unsupported-input = Cảm ơn bạn! Hiện mình chỉ đọc được tin nhắn chữ. Bạn vui lòng trả lời bằng chữ nhé.
common-unknown-command = Mình chưa hiểu lệnh này. Các lệnh dùng được: /start, /submit, /my, /dialogues, /invitations, /profile, /settings, /language, /mydata, /help, /cancel.
common-answer-later = Bạn đang làm dở việc khác, nên khi xong bạn gửi /{ $command } để trả lời nhé.
common-error = Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Bạn vui lòng thử lại sau ít phút.
common-update-parked = Xin lỗi, mình không xử lý được tin nhắn này và đã báo lại cho cán bộ Đoàn. Bạn cứ nhắn tiếp, mình sẽ bắt đầu lại từ menu.
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
profile-ask-unit = { $level ->
    [PROVINCE] Bạn sinh hoạt ở tỉnh, thành phố nào?
    [TOWN] Bạn sinh hoạt ở huyện, thị xã, thành phố nào?
   *[WARD] Bạn sinh hoạt ở xã, phường, thị trấn nào?
}
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
menu-invitations = Lời mời dự đối thoại
menu-settings = Cài đặt thông báo
menu-announce = Gửi thông báo (bí thư)
menu-invite = Mời dự đối thoại (bí thư)

help-text =
    Hướng dẫn sử dụng:
    • /submit — gửi câu hỏi, kiến nghị theo chủ đề
    • /my — xem kiến nghị đã gửi, trạng thái và trả lời; sửa hoặc rút khi còn hạn
    • /dialogues — lịch các buổi đối thoại sắp tới
    • /invitations — lời mời dự đối thoại: nhận lời hoặc từ chối
    • /profile — xem, sửa hồ sơ
    • /mydata — dữ liệu chatbot đang lưu; rút lại đồng ý
    • /settings — bật, tắt thông báo
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
submit-similar-intro =
    Đã có { $count } kiến nghị gần giống câu hỏi của bạn trong chủ đề này. Bạn có thể ủng hộ một kiến nghị đó thay vì gửi trùng — khi có trả lời, bạn cũng nhận được.
submit-similar-item = { $n }. [{ $code }] { $text } — { $asked } người đã hỏi
submit-similar-support = Ủng hộ ý kiến { $n }
submit-similar-file-mine = Vẫn gửi kiến nghị của tôi
submit-supported = Bạn đã ủng hộ kiến nghị { $code }. Khi kiến nghị có trả lời, bạn sẽ nhận được tại đây.
submit-supported-again = Bạn đã ủng hộ kiến nghị { $code } từ trước. Khi kiến nghị có trả lời, bạn sẽ nhận được tại đây.
submit-supported-answered = Bạn đã ủng hộ kiến nghị { $code }.
submit-similar-gone = Kiến nghị đó vừa được rút. Bạn xem lại và gửi kiến nghị của mình nhé.

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
    • Vai trò: { $roles }
    • Lời mời dự đối thoại: { $invitations }
mydata-roles-none = đoàn viên, thanh niên
mydata-role = { $role } — { $unit }
mydata-role-list = { $list }; { $role }
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
command-invitations =
    .description = Lời mời dự đối thoại
command-settings =
    .description = Bật, tắt thông báo

## Cài đặt

settings-no-consent = Bạn chưa đồng ý nhận thông báo, lời mời. Bạn có thể đổi trong /mydata.
settings-unmuted-now = Bạn đang nhận thông báo về các buổi đối thoại và tin của chi đoàn.
settings-muted-now = Bạn đã tắt thông báo. Lời mời dự đối thoại và trả lời kiến nghị của bạn vẫn được gửi tới bạn.
settings-mute = Tắt thông báo
settings-unmute = Bật lại thông báo
settings-muted = Đã tắt thông báo. Lời mời và trả lời kiến nghị của bạn vẫn được gửi tới bạn.
settings-unmuted = Đã bật lại thông báo.

## Vai trò bí thư, quản trị

role-name = { $role ->
    [LEADER] Bí thư chi đoàn
   *[ADMIN] Quản trị đơn vị
}
claim-ask-code = Bạn gửi mã kích hoạt do cán bộ Đoàn cấp (ví dụ: ABCD-EFGH).
claim-granted = Đã kích hoạt vai trò { $role } — { $unit }.
claim-code-unknown = Mã này không đúng. Bạn kiểm tra lại và gửi lại mã nhé.
claim-code-used = Mã này đã được dùng. Mỗi mã chỉ dùng một lần; bạn xin cán bộ Đoàn mã mới nhé.
claim-code-expired = Mã này đã hết hạn lúc { $expiresAt }. Bạn xin cán bộ Đoàn mã mới nhé.
leader-help =
    Lệnh dành cho bí thư, quản trị:
    • /announce — gửi thông báo tới đoàn viên, thanh niên của chi đoàn (quản trị: của đơn vị)
    • /invite — mời đoàn viên dự đối thoại theo số suất được giao, xem ai đã trả lời
leader-not-allowed = Bạn không có quyền làm việc này (hoặc quyền đã bị thu hồi). Nếu cần, bạn liên hệ cán bộ Đoàn.

## Gửi thông báo

broadcast-progress-running = Tin bạn gửi lúc { $at } đang được gửi: { $sent }/{ $total } đã tới, { $waiting } đang chờ.
broadcast-progress-done = Tin bạn gửi lúc { $at } đã gửi xong: { $sent }/{ $total } đã tới, { $failed } lỗi, { $unreachable } đã chặn chatbot.
announce-ask-audience = Bạn gửi thông báo tới ai?
announce-audience = { $unit } ({ $count } người nhận)
announce-ask-text = Bạn nhập nội dung thông báo gửi tới { $unit } (từ { $min } đến { $max } ký tự).
announce-text-length = Thông báo cần từ { $min } đến { $max } ký tự (bạn vừa nhập { $length }). Bạn nhập lại nhé.
announce-preview = Xem trước — thông báo sẽ gửi tới { $count } người của { $unit } như sau:
broadcast-from-leader =
    📣 Thông báo từ { $unit }:
    { $text }
announce-send = Gửi
announce-edit = Sửa nội dung
announce-cancel = Huỷ
announce-queued = Đã xếp lịch gửi tới { $count } người. Khi gửi xong, mình sẽ báo kết quả cho bạn. Gửi /announce để xem tiến độ.
broadcast-report =
    Báo cáo gửi thông báo:
    • Tổng số người nhận: { $total }
    • Đã gửi: { $sent }
    • Lỗi: { $failed }
    • Đã chặn chatbot: { $unreachable }
    • Bỏ qua (đã tắt thông báo hoặc rút lại đồng ý): { $skipped }

## Mời dự đối thoại (bí thư)

invite-ask-branch = Bạn mời đoàn viên của chi đoàn nào?
invite-no-quota = { $branch } chưa được giao suất dự buổi đối thoại nào sắp tới.
invite-ask-dialogue = Bạn mời dự buổi đối thoại nào?
invite-dialogue-choice = { $title } ({ $startsAt })
invitation-status = { $status ->
    [ACCEPTED] đã nhận lời
    [DECLINED] đã từ chối
   *[PENDING] chưa trả lời
}
invite-overview = Số suất: { $seats }. Đã dùng: { $taken } ({ $accepted } nhận lời, { $pending } chưa trả lời). Từ chối: { $declined } (suất đã được trả lại).
invite-line = • { $name }: { $status }
invite-anonymous = (đã rút lại đồng ý)
invite-more = Mời thêm
invite-done = Xong
invite-no-members = Không còn đoàn viên nào có thể mời (cần đã đồng ý nhận lời mời và chưa được mời).
invite-ask-member = Bạn chọn người để mời ({ $count } người có thể mời):
invite-member = { $name } ({ $birthYear })
invite-next-page = Trang sau
invite-first-page = Về trang đầu
invite-sent = Đã gửi lời mời.
invite-unknown-member = Không tìm thấy đoàn viên này.
invite-out-of-scope = Đoàn viên này không thuộc chi đoàn bạn phụ trách.
invite-no-consent = Đoàn viên này chưa đồng ý nhận lời mời qua chatbot.
invite-dialogue-closed = Buổi đối thoại này chưa công bố hoặc đã diễn ra.
invite-over-quota = Đã hết suất: chi đoàn có { $seats } suất. Khi có người từ chối, suất được trả lại để mời người khác.
invite-unreachable = Không gửi được lời mời: đoàn viên này không còn nhận tin từ chatbot.
invite-already = Đoàn viên này đã được mời dự buổi đối thoại này.

## Lời mời (thanh niên)

invitations-none = Bạn chưa có lời mời dự buổi đối thoại nào sắp tới.
invitations-ask = Bạn xem lời mời nào?
invitations-item = { $title } ({ $startsAt }) — { $status }
invitation-unknown = Không tìm thấy lời mời này.
invitation-text = ✉️ Giấy mời: { $branch } trân trọng mời bạn dự buổi đối thoại:
invitation-answered = Bạn { $status }. Bạn có thể đổi câu trả lời.
invitation-accept = Tôi sẽ tham dự
invitation-decline = Tôi không tham dự được
invitation-later = Trả lời sau
invitation-later-note = Bạn gửi /{ $command } khi muốn trả lời nhé.
invitation-accepted = Cảm ơn bạn đã nhận lời! Mình sẽ nhắc bạn một ngày trước buổi đối thoại.
invitation-declined = Đã ghi nhận bạn không tham dự được. Cảm ơn bạn đã trả lời.
invitation-past = Buổi đối thoại này đã diễn ra.
invitation-seat-taken = Suất của bạn đã được mời người khác sau khi bạn từ chối. Bạn liên hệ bí thư chi đoàn nhé.

## Thông báo, nhắc lịch

notice-dialogue-published = 📢 Thông báo buổi đối thoại mới:
notice-how-to-submit = Bạn gửi câu hỏi, kiến nghị bằng lệnh /submit. Gửi /settings để tắt thông báo.
notice-dialogue-changed = 📢 Buổi đối thoại có thay đổi về thời gian hoặc địa điểm. Thông tin mới:
notice-deadline-reminder = ⏰ Nhắc bạn: buổi "{ $title }" nhận câu hỏi, kiến nghị đến { $closesAt }. Bạn chưa gửi kiến nghị nào.
notice-event-reminder = ⏰ Nhắc lịch: ngày mai diễn ra "{ $title }", lúc { $startsAt } tại { $venue }.
notice-invitation-reminder = ⏰ Nhắc bạn: bạn đã nhận lời dự "{ $title }" vào ngày mai, lúc { $startsAt } tại { $venue }. Hẹn gặp bạn!

## Công cụ dòng lệnh của cán bộ (npm run cli)

cli-unit-unknown = Không có đơn vị mã { $unit }. Xem mã đơn vị trong cơ sở dữ liệu (bảng Unit).
cli-not-a-branch = { $unit } không phải chi đoàn: suất được giao cho chi đoàn.
cli-phone-unknown = Không có đoàn viên nào đăng ký số { $phone } trong chatbot. Người đó cần /start và ghi số điện thoại trong hồ sơ, hoặc dùng mã kích hoạt (role code).
cli-phone-ambiguous = Có nhiều người đăng ký số { $phone }: dùng --participant với mã số của người đó.
participant-unknown = Không có đoàn viên mã số { $participant }.
role-leader-needs-branch = Bí thư được giao cho một chi đoàn; { $unit } không phải chi đoàn. Quản trị (admin) mới giao cho phường, thị xã, tỉnh.
cli-role-granted = Đã giao vai trò { $role } — { $unit } cho đoàn viên mã số { $participant }.
cli-role-already = Đoàn viên mã số { $participant } đã có vai trò { $role } — { $unit }.
cli-role-revoked = Đã thu hồi vai trò { $role } — { $unit } của đoàn viên mã số { $participant }.
cli-role-none = Đoàn viên mã số { $participant } không có vai trò { $role } — { $unit }.
cli-roles-none = Chưa giao vai trò nào.
cli-role-line = { $code } { $unit }: { $role } — { $name } (mã số { $participant }), giao bởi { $by }
cli-claim-code =
    Mã kích hoạt: { $code }
    Vai trò: { $role } — { $unit }. Dùng một lần, hết hạn lúc { $expiresAt }.
    Người nhận gửi cho chatbot: /claim { $code }
cli-dialogue-line = #{ $id } { $startsAt } — { $title } — { $venue } — đã công bố: { $published }
dialogue-unknown = Không có buổi đối thoại mã số { $dialogue }.
dialogue-already-published = Buổi đối thoại { $dialogue } đã được công bố lúc { $publishedAt }.
dialogue-in-the-past = Buổi đối thoại { $dialogue } đã diễn ra ({ $startsAt }): không công bố nữa.
dialogue-deadline-after-start = Hạn nhận kiến nghị ({ $deadline }) phải trước buổi đối thoại ({ $startsAt }).
cli-dialogue-published = Đã công bố buổi đối thoại { $id }: thông báo đang được gửi, lịch nhắc đã được đặt.
cli-dialogue-changed = Đã cập nhật buổi đối thoại { $id }.
cli-dialogue-changed-announced = Đã cập nhật buổi đối thoại { $id } và gửi thông báo thay đổi; lịch nhắc theo ngày mới.
quota-invalid = Số suất phải là số nguyên không âm ({ $seats }).
cli-quota-set = { $branch }: { $seats } suất dự buổi đối thoại { $dialogue } (đã dùng { $taken }).
cli-quotas-none = Buổi đối thoại { $dialogue } chưa giao suất cho chi đoàn nào.
cli-quota-line = { $branch }: { $seats } suất — { $accepted } nhận lời, { $pending } chưa trả lời, { $declined } từ chối

## Khoá truy cập của văn phòng (npm run cli -- token)

cli-token-created =
    Khoá truy cập #{ $id } của { $name } ({ $role }, { $unit }) — chỉ hiện một lần, hãy lưu lại ngay:
    { $token }
cli-token-revoked = Đã thu hồi khoá #{ $id }.
cli-tokens-none = Chưa có khoá truy cập nào.
cli-token-line = #{ $id } { $name } — { $role } — { $unit } — tạo lúc { $createdAt } — { $state }
cli-backup-done = Đã sao lưu cơ sở dữ liệu vào { $file } ({ $mb } MB).
cli-backup-exists = Tệp { $file } đã có. Hãy chọn một tên tệp mới, để không ghi đè bản sao lưu cũ.
cli-backup-postgres = Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump (xem README), không dùng lệnh này.
cli-parked-none = Không có tin nhắn nào bị gác lại.
cli-parked-line = #{ $id } { $createdAt } — { $channel } { $chatId } (người dùng { $participant }) — { $attempts } lần thử — { $error }
    { $input }
cli-token-active-state = đang dùng
cli-token-revoked-state = đã thu hồi
token-unknown = Không có khoá đang dùng mã số { $token }.

## Trả lời kiến nghị (gửi tới người gửi)

triage-forwarded = Kiến nghị { $code } { $role ->
        [supporter] mà bạn ủng hộ
       *[author] của bạn
    } đã được chuyển tới { $agency } để xem xét, trả lời.
triage-not-admissible =
    Kiến nghị { $code } { $role ->
        [supporter] mà bạn ủng hộ
       *[author] của bạn
    } không được tiếp nhận để trả lời tại buổi đối thoại.
    Lý do: { $reason }
triage-answered =
    Kiến nghị { $code } { $role ->
        [supporter] mà bạn ủng hộ
       *[author] của bạn
    } đã có trả lời:
    { $answer }
triage-answered-at-dialogue =
    Kiến nghị { $code } { $role ->
        [supporter] mà bạn ủng hộ
       *[author] của bạn
    } đã được trả lời tại buổi đối thoại:
    { $answer }

## Xuất kiến nghị cho văn phòng (CSV, XLSX, JSON) và trang kết luận

export-col-topic = Chủ đề
export-col-code = Mã kiến nghị
export-col-filed-at = Thời gian gửi
export-col-branch = Chi đoàn
export-col-level = Gửi tới cấp
export-col-author = Họ và tên
export-col-phone = Số điện thoại
export-col-text = Nội dung
export-col-status = Trạng thái
export-col-agency = Cơ quan xử lý
export-col-reason = Lý do không tiếp nhận
export-col-answer = Trả lời
export-col-answered-at = Thời gian trả lời
export-summary-sheet = Tổng hợp
export-summary-when = Thời gian: { $startsAt } · Địa điểm: { $venue }
export-summary-exported = Xuất lúc { $at } · Tổng số kiến nghị: { $total }
export-summary-filtered = Đã lọc: { $filters }
export-filter-status = trạng thái { $values }
export-filter-level = cấp { $values }
export-filter-branch = chi đoàn { $values }
export-filter-topic = chủ đề số { $values }
export-filter-from = gửi từ { $at }
export-filter-to = gửi trước { $at }
export-summary-by-topic = Theo chủ đề
export-summary-by-level = Theo cấp
export-summary-by-branch = Theo chi đoàn
export-summary-by-status = Theo trạng thái
export-summary-count = Số kiến nghị
export-summary-total = Tổng cộng
export-level-none = Chưa xác định cấp
export-branch-none = Không rõ (đã xoá hồ sơ)
export-questions-sheet = Câu hỏi
export-col-group = Nhóm
export-col-asked = Số người hỏi
export-col-members = Số kiến nghị
export-col-same-group = Các kiến nghị cùng nhóm
export-group-more = và { $count } kiến nghị khác
conclusion-title = Kết luận buổi đối thoại
conclusion-when = Thời gian
conclusion-venue = Địa điểm
conclusion-total = Tổng số kiến nghị: { $count }
conclusion-count-total = Tổng số
conclusion-answers = Câu hỏi tiêu biểu và trả lời
conclusion-no-answers = Chưa có kiến nghị nào thuộc chủ đề này được trả lời.
conclusion-question = Hỏi
conclusion-answer = Trả lời
conclusion-made-at = Tổng hợp lúc { $at }

## Trang web của văn phòng (/admin)

admin-title = Đối thoại với thanh niên — Văn phòng
admin-dialogues = Các buổi đối thoại
admin-sign-in = Đăng nhập
admin-sign-out = Đăng xuất
admin-token = Khoá truy cập
admin-token-hint = Khoá do quản trị hệ thống cấp (npm run cli -- token create). Phiên đăng nhập kéo dài 12 giờ.
admin-sign-in-failed = Khoá truy cập không đúng hoặc đã bị thu hồi.
admin-col-dialogue = Buổi đối thoại
admin-col-host = Đơn vị tổ chức
admin-col-starts = Thời gian
admin-col-published = Công bố
admin-col-proposals = Số kiến nghị
admin-draft = Bản nháp
admin-bad-filter = Bộ lọc không hợp lệ.
admin-not-allowed = Không tìm thấy buổi đối thoại này trong phạm vi đơn vị của bạn.
admin-any = (tất cả)
admin-filters = Lọc kiến nghị
admin-filter = Lọc
admin-col-topic = Chủ đề
admin-col-status = Trạng thái
admin-col-level = Gửi tới cấp
admin-col-branch = Chi đoàn
admin-col-code = Mã
admin-col-filed = Ngày gửi
admin-col-text = Nội dung
admin-col-answer = Trả lời
admin-agency = Cơ quan
admin-reason = Lý do
admin-save = Lưu và báo cho người gửi
admin-download-xlsx = Tải Excel (XLSX)
admin-download-csv = Tải CSV
admin-download-json = Tải JSON
admin-conclusion = Văn bản kết luận (in)
admin-found = Có { $count } kiến nghị.
admin-triage-failed = Chưa lưu được: { $error }. Khi chuyển cơ quan cần ghi cơ quan; khi không tiếp nhận cần ghi lý do; khi trả lời cần ghi nội dung trả lời.
