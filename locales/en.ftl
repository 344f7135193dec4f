## Common

common-yes = Yes
common-no = No
common-back = Back
common-cancelled = Cancelled. You can pick something else from the menu.
common-pick-one = Please pick one of the options: type its number (on Telegram you can tap its button).
common-stale-choice = That button belongs to an older message. Please pick from the latest list below.
common-unsupported-input = Thank you! For now I can only read text messages. Please answer in text.
common-unknown-command = I don't know that command. Commands you can use: /start, /submit, /my, /dialogues, /invitations, /profile, /settings, /language, /mydata, /help, /cancel.
common-answer-later = You are in the middle of something else: when you are done, send /{ $command } to answer.
common-error = Sorry, something went wrong while handling your message. Please try again in a few minutes.
common-update-parked = Sorry, I could not handle this message and have told the union staff. Just write again and we will start over from the menu.
common-flow-restarted = The chatbot was just updated, so we have to start again from the menu. Sorry for the trouble.

## Start and consent to personal data processing

start-welcome =
    Hello! This is the Youth Union's "Dialogue with youth" chatbot.
    Here you can send questions and proposals, by topic, to the leaders of the ward, town and province before the dialogue, follow their answers and see when dialogues take place.
consent-text =
    Before we start, please read and agree to the processing of your personal data (Personal Data Protection Law 2025 and Decree 356/2025/NĐ-CP, replacing Decree 13/2023/NĐ-CP):
    • What is kept: your full name, birth year, youth union branch, phone number (if you give it), the proposals you send and your chat account id.
    • Purposes: receiving and answering your proposals; and, only if you agree separately, sending you announcements and invitations to dialogues.
    • Who processes it: the Youth Union and the People's Committee office of the unit hosting the dialogue.
    • How long: until 12 months after the dialogue, or until you withdraw your consent.
    • Your rights: see your data (/mydata), correct it (/profile), withdraw consent and have it deleted at any time (/mydata). Proposals already sent stay, anonymised.
    Do you agree?
consent-agree = I agree
consent-decline = I do not agree
start-other-language = Tiếng Việt
consent-declined = I respect your choice and keep nothing about you. Whenever you want to take part, just send /start.
consent-announcements-ask = Would you also like to receive announcements of dialogues and invitations to attend through this chatbot? (You can change this any time in /mydata.)
consent-recorded = Thank you! Your consent is recorded. Now a few short questions to complete your profile.
farewell-send-start = Whenever you want to start again, send /start.

## Profile

profile-ask-name = What is your full name? (at most { $max } characters)
profile-name-invalid = A name has only letters and spaces, 2 to { $max } characters. Please type it again.
profile-ask-birth-year = What year were you born? (for example: 2001)
profile-birth-year-invalid = A birth year has 4 digits, for example 2001. Please type it again.
profile-under-age =
    Thank you for your interest! Under the personal data rules, anyone under 16 needs a parent's or guardian's consent, so the chatbot cannot register you yet. Everything you just typed has been deleted.
    You can ask your branch secretary or a teacher to bring your question to the dialogue.
profile-over-age = The programme is for youth aged 16 to 30, but your ideas are always welcome!
profile-ask-branch = Which youth union branch are you in?
profile-ask-unit = { $level ->
    [PROVINCE] Which province or city are you in?
    [TOWN] Which district, town or city are you in?
   *[WARD] Which commune or ward are you in?
}
profile-ask-phone = Your phone number (optional; so staff can reach you to clarify a proposal). Type your number, or choose to skip.
profile-phone-skip = Skip
profile-phone-remove = Remove my phone number
profile-phone-invalid = That phone number doesn't look right. Please type a Vietnamese mobile number, for example 0912 345 678 or +84 912 345 678.
profile-value-none = (none)
profile-saved = Saved.
profile-complete = All done, { $name }! Your profile is complete.
profile-overview =
    Your profile:
    • Full name: { $name }
    • Birth year: { $birthYear }
    • Branch: { $branch }
    • Phone: { $phone }
    What would you like to change?
profile-edit-name = Change name
profile-edit-birth-year = Change birth year
profile-edit-branch = Change branch
profile-edit-phone = Change phone number

## Menu

menu-ask = What would you like to do?
menu-submit = Send a proposal
menu-my = My proposals
menu-dialogues = Dialogue schedule
menu-profile = Profile
menu-language = Ngôn ngữ / Language
menu-mydata = My data
menu-help = Help
menu-invitations = Invitations to dialogues
menu-settings = Notification settings
menu-announce = Send an announcement (leader)
menu-invite = Invite to a dialogue (leader)

help-text =
    How to use this chatbot:
    • /submit — send a question or proposal on a topic
    • /my — your proposals, their status and answers; edit or withdraw while submissions are open
    • /dialogues — upcoming dialogues
    • /invitations — invitations to dialogues: accept or decline
    • /profile — see and change your profile
    • /mydata — the data the chatbot keeps; withdraw consent
    • /settings — turn announcements on or off
    • /language — change language
    • /cancel — stop what you are doing and go back to the menu
    When there is a list of options, type its number or its words (on Telegram you can tap its button).

## Dialogues

dialogues-none = There is no upcoming dialogue at the moment.
dialogue-format = { $format ->
    [IN_PERSON] In person
    [ONLINE] Online, through bridge points
   *[HYBRID] In person and online through bridge points
}
dialogues-item =
    📅 { $title }
    Host: { $host }
    When: { $startsAt }
    Where: { $venue }
    Format: { $format }
    Theme of the year: { $theme }
    { $submissions }
dialogues-submissions-open = Proposals accepted until { $closesAt }.
dialogues-submissions-not-yet = Proposals accepted from { $opensAt }.
dialogues-submissions-closed = Proposals closed ({ $closedAt }).

## Language

language-ask = Bạn chọn ngôn ngữ nào? / Which language?
# Each language is named in itself, so anyone finds theirs.
language-name-vi = Tiếng Việt
language-name-en = English
language-changed = Switched to English.

## Send a proposal

submit-ask-dialogue = Which dialogue is your proposal for?
submit-ask-topic =
    { $title }
    Proposals accepted until { $closesAt }.
    Which topic is your proposal about?
submit-ask-level = Which level of leadership is it addressed to?
proposal-level = { $level ->
    [WARD] Ward
    [TOWN] Town
   *[PROVINCE] Province
}
submit-level-office = Let the staff decide
submit-ask-text = Write your question or proposal ({ $min } to { $max } characters).
proposal-text-too-short = That is a little short: at least { $min } characters are needed (you wrote { $length }). Please say a bit more.
proposal-text-too-long = That is too long: at most { $max } characters (you wrote { $length }). Please shorten it.
proposal-submissions-closed = Proposals closed at { $closedAt }. You can still speak at the dialogue itself.
proposal-submissions-not-open = Proposals are not open yet. The chatbot accepts them from { $opensAt }.
proposal-already-handled = Proposal { $code } is already being handled by staff, so it can no longer be edited or withdrawn.
submit-review =
    Please review your proposal:
    • Topic: { $topic }
    • Addressed to: { $level }
    • Text: { $text }
submit-confirm = Send
submit-edit-text = Edit text
submit-change-topic = Change topic
submit-cancel = Cancel
submit-cancelled = Cancelled; the proposal was not sent.
submit-received = Your proposal is received. Reference code: { $code }. Follow its status and answer in /my.
submit-similar-intro =
    { $count ->
        [one] A proposal like yours was already sent
       *[other] { $count } proposals like yours were already sent
    } in this topic. You can support one instead of sending the same again — you will get its answer too.
submit-similar-item = { $n }. [{ $code }] { $text } — asked by { $asked }
submit-similar-support = Support proposal { $n }
submit-similar-file-mine = Send mine anyway
submit-supported = You support proposal { $code }. When it is answered, you will get the answer here.
submit-supported-again = You already support proposal { $code }. When it is answered, you will get the answer here.
submit-supported-answered = You support proposal { $code }.
submit-similar-gone = That proposal was just withdrawn. Please review yours and send it.

## My proposals

my-none = You have not sent any proposal yet. Send one: /submit
my-ask-pick = You have sent { $count ->
    [one] one proposal
   *[other] { $count } proposals
}. Pick one to see it:
my-item = { $code } · { $status }
proposal-status = { $status ->
    [RECEIVED] Received
    [FORWARDED] Forwarded to the competent agency
    [ANSWERED] Answered
    [ANSWERED_AT_DIALOGUE] Answered at the dialogue
    [NOT_ADMISSIBLE] Not admissible
   *[WITHDRAWN] Withdrawn
}
my-detail =
    Proposal { $code }
    • Dialogue: { $dialogue }
    • Topic: { $topic }
    • Addressed to: { $level }
    • Sent: { $createdAt }
    • Status: { $status }
    • Text: { $text }
my-answer = Answer: { $answer }
my-edit = Edit text
my-withdraw = Withdraw proposal
my-edited = The proposal's text is updated.
my-withdraw-confirm = Are you sure you want to withdraw this proposal?
my-withdraw-yes = Withdraw proposal
my-withdrawn = The proposal is withdrawn.

## My data

mydata-show =
    What the chatbot keeps about you:
    • Full name: { $name }
    • Birth year: { $birthYear }
    • Branch: { $branch }
    • Phone: { $phone }
    • Proposals sent: { $proposals }
    • Consent to data processing: version { $consentVersion }, at { $consentAt }, through { $consentChannel }
    • Announcements and invitations: { $announcements }
    • Role: { $roles }
    • Invitations to dialogues: { $invitations }
mydata-roles-none = youth member
mydata-role = { $role } — { $unit }
mydata-role-list = { $list }; { $role }
channel-name = { $channel ->
    [telegram] Telegram
    [zalo] Zalo
   *[other] the terminal chat
}
mydata-announcements-on = Receive announcements and invitations
mydata-announcements-off = Stop announcements and invitations
mydata-withdraw = Withdraw consent and delete my data
mydata-withdraw-confirm = When you withdraw consent, your name, birth year, phone number and chat account link are deleted at once. Proposals already sent stay, anonymised. Are you sure?
mydata-withdraw-yes = Withdraw consent
mydata-withdrawn = Your personal data is deleted. Thank you for taking part!

## Commands (descriptions in the command menu)

command-start =
    .description = Start
command-submit =
    .description = Send a proposal
command-my =
    .description = My proposals
command-dialogues =
    .description = Dialogue schedule
command-profile =
    .description = Profile
command-language =
    .description = Change language
command-mydata =
    .description = My data, withdraw consent
command-help =
    .description = Help
command-cancel =
    .description = Cancel what you are doing
command-invitations =
    .description = Invitations to dialogues
command-settings =
    .description = Turn announcements on or off

## Settings

settings-no-consent = You have not agreed to receive announcements and invitations. You can change that in /mydata.
settings-unmuted-now = You receive announcements about dialogues and news from your branch.
settings-muted-now = Announcements are off. Invitations and answers to your proposals still reach you.
settings-mute = Turn announcements off
settings-unmute = Turn announcements back on
settings-muted = Announcements are off. Invitations and answers to your proposals still reach you.
settings-unmuted = Announcements are on again.

## Leader and admin roles

role-name = { $role ->
    [LEADER] Branch leader
   *[ADMIN] Unit admin
}
claim-ask-code = Please send the activation code the Youth Union staff gave you (for example ABCD-EFGH).
claim-granted = Role activated: { $role } — { $unit }.
claim-code-unknown = That code is not right. Please check it and send it again.
claim-code-used = That code has been used already. Each code works once; please ask the staff for a new one.
claim-code-expired = That code expired at { $expiresAt }. Please ask the staff for a new one.
leader-help =
    Commands for leaders and admins:
    • /announce — send an announcement to the youth of your branch (admins: of your unit)
    • /invite — invite members to a dialogue within your seats, and see who answered
leader-not-allowed = You may not do this (or your role was withdrawn). Please contact the Youth Union staff if you need it.

## Announcements

broadcast-progress-running = Your message of { $at } is going out: { $sent }/{ $total } delivered, { $waiting } waiting.
broadcast-progress-done = Your message of { $at } has gone out: { $sent }/{ $total } delivered, { $failed } failed, { $unreachable } blocked the bot.
announce-ask-audience = Who is the announcement for?
announce-audience = { $unit } ({ $count } recipients)
announce-ask-text = Please type the announcement for { $unit } ({ $min } to { $max } characters).
announce-text-length = An announcement needs { $min } to { $max } characters (you typed { $length }). Please type it again.
announce-preview = Preview — the announcement will reach { $count } people of { $unit } like this:
broadcast-from-leader =
    📣 Announcement from { $unit }:
    { $text }
announce-send = Send
announce-edit = Edit the text
announce-cancel = Cancel
announce-queued = Scheduled for { $count } people. I will send you a report when delivery ends. Send /announce to see the progress.
broadcast-report =
    Delivery report:
    • Recipients: { $total }
    • Delivered: { $sent }
    • Failed: { $failed }
    • Blocked the bot: { $unreachable }
    • Skipped (muted announcements or withdrew consent): { $skipped }

## Inviting (leaders)

invite-ask-branch = Members of which branch do you invite?
invite-no-quota = { $branch } has no seats at an upcoming dialogue yet.
invite-ask-dialogue = Which dialogue do you invite to?
invite-dialogue-choice = { $title } ({ $startsAt })
invitation-status = { $status ->
    [ACCEPTED] accepted
    [DECLINED] declined
   *[PENDING] not answered yet
}
invite-overview = Seats: { $seats }. Taken: { $taken } ({ $accepted } accepted, { $pending } not answered yet). Declined: { $declined } (those seats are free again).
invite-line = • { $name }: { $status }
invite-anonymous = (withdrew consent)
invite-more = Invite more
invite-done = Done
invite-no-members = Nobody left to invite (members must have agreed to invitations and not be invited yet).
invite-ask-member = Who do you invite? ({ $count } can be invited)
invite-member = { $name } ({ $birthYear })
invite-next-page = Next page
invite-first-page = First page
invite-sent = Invitation sent.
invite-unknown-member = That member was not found.
invite-out-of-scope = That member is not in a branch you lead.
invite-no-consent = That member has not agreed to receive invitations through the chatbot.
invite-dialogue-closed = That dialogue is not published yet or has already taken place.
invite-over-quota = No seats left: the branch has { $seats }. When someone declines, the seat is free to offer to someone else.
invite-unreachable = The invitation cannot be sent: that member no longer receives messages from the chatbot.
invite-already = That member is already invited to this dialogue.

## Invitations (youth)

invitations-none = You have no invitation to an upcoming dialogue.
invitations-ask = Which invitation do you want to see?
invitations-item = { $title } ({ $startsAt }) — { $status }
invitation-unknown = That invitation was not found.
invitation-text = ✉️ Invitation: { $branch } invites you to the dialogue:
invitation-answered = You { $status }. You can change your answer.
invitation-accept = I will attend
invitation-decline = I cannot attend
invitation-later = Answer later
invitation-later-note = Send /{ $command } when you want to answer.
invitation-accepted = Thank you for accepting! I will remind you the day before the dialogue.
invitation-declined = Noted that you cannot attend. Thank you for answering.
invitation-past = That dialogue has already taken place.
invitation-seat-taken = Your seat was offered to someone else after you declined. Please contact your branch leader.

## Announcements and reminders

notice-dialogue-published = 📢 A new dialogue is announced:
notice-how-to-submit = Send your questions and proposals with /submit. Send /settings to turn announcements off.
notice-dialogue-changed = 📢 A dialogue has changed its date or venue. The new details:
notice-deadline-reminder = ⏰ Reminder: "{ $title }" takes questions and proposals until { $closesAt }. You have not sent one yet.
notice-event-reminder = ⏰ Reminder: "{ $title }" is tomorrow, at { $startsAt }, { $venue }.
notice-invitation-reminder = ⏰ Reminder: you accepted to attend "{ $title }" tomorrow, at { $startsAt }, { $venue }. See you there!

## Staff command line (npm run cli)

cli-unit-unknown = There is no unit with code { $unit }. Unit codes are in the database (table Unit).
cli-not-a-branch = { $unit } is not a branch: seats are given to branches.
cli-phone-unknown = Nobody registered the number { $phone } in the chatbot. They need to /start and give their number in the profile, or use an activation code (role code).
cli-phone-ambiguous = Several people registered { $phone }: use --participant with that person's number.
participant-unknown = There is no participant number { $participant }.
role-leader-needs-branch = A leader leads one branch; { $unit } is not a branch. Wards, towns and the province get admins.
cli-role-granted = Granted { $role } — { $unit } to participant { $participant }.
cli-role-already = Participant { $participant } already has { $role } — { $unit }.
cli-role-revoked = Revoked { $role } — { $unit } from participant { $participant }.
cli-role-none = Participant { $participant } does not have { $role } — { $unit }.
cli-roles-none = No roles granted yet.
cli-role-line = { $code } { $unit }: { $role } — { $name } (participant { $participant }), granted by { $by }
cli-claim-code =
    Activation code: { $code }
    Role: { $role } — { $unit }. Works once, expires at { $expiresAt }.
    The recipient sends the chatbot: /claim { $code }
cli-dialogue-line = #{ $id } { $startsAt } — { $title } — { $venue } — published: { $published }
dialogue-unknown = There is no dialogue number { $dialogue }.
dialogue-already-published = Dialogue { $dialogue } was published at { $publishedAt }.
dialogue-in-the-past = Dialogue { $dialogue } has already taken place ({ $startsAt }): it is not published any more.
dialogue-deadline-after-start = The deadline for proposals ({ $deadline }) must come before the dialogue ({ $startsAt }).
cli-dialogue-published = Dialogue { $id } published: its announcement is going out and its reminders are scheduled.
cli-dialogue-changed = Dialogue { $id } updated.
cli-dialogue-changed-announced = Dialogue { $id } updated and the change announced; reminders follow the new dates.
quota-invalid = Seats must be a whole number, not negative ({ $seats }).
cli-quota-set = { $branch }: { $seats } seats at dialogue { $dialogue } ({ $taken } taken).
cli-quotas-none = Dialogue { $dialogue } has no seats given to a branch yet.
cli-quota-line = { $branch }: { $seats } seats — { $accepted } accepted, { $pending } not answered yet, { $declined } declined

## Office access tokens (npm run cli -- token)

cli-token-created =
    Access token #{ $id } for { $name } ({ $role }, { $unit }) — shown once, store it now:
    { $token }
cli-token-revoked = Token #{ $id } revoked.
cli-tokens-none = No access tokens yet.
cli-token-line = #{ $id } { $name } — { $role } — { $unit } — made at { $createdAt } — { $state }
cli-backup-done = The database is backed up to { $file } ({ $mb } MB).
cli-backup-exists = { $file } already exists. Choose a new file name, so no earlier backup is overwritten.
cli-backup-postgres = The database is PostgreSQL: back it up with pg_dump (see the README), not with this command.
cli-parked-none = No parked updates.
cli-parked-line = #{ $id } { $createdAt } — { $channel } { $chatId } (participant { $participant }) — { $attempts } tries — { $error }
    { $input }
cli-token-active-state = active
cli-token-revoked-state = revoked
token-unknown = There is no active token number { $token }.

## Answers to proposals (sent to the author)

triage-forwarded = { $role ->
        [supporter] The proposal { $code } you supported
       *[author] Your proposal { $code }
    } has been forwarded to { $agency } to be looked into and answered.
triage-not-admissible =
    { $role ->
        [supporter] The proposal { $code } you supported
       *[author] Your proposal { $code }
    } was not accepted for an answer at the dialogue.
    Reason: { $reason }
triage-answered =
    { $role ->
        [supporter] The proposal { $code } you supported
       *[author] Your proposal { $code }
    } has an answer:
    { $answer }
triage-answered-at-dialogue =
    { $role ->
        [supporter] The proposal { $code } you supported
       *[author] Your proposal { $code }
    } was answered at the dialogue:
    { $answer }

## Exports for the office (CSV, XLSX, JSON) and the conclusion page

export-col-topic = Topic
export-col-code = Code
export-col-filed-at = Filed at
export-col-branch = Branch
export-col-level = Addressed to
export-col-author = Name
export-col-phone = Phone
export-col-text = Text
export-col-status = Status
export-col-agency = Agency
export-col-reason = Reason not admissible
export-col-answer = Answer
export-col-answered-at = Answered at
export-summary-sheet = Summary
export-summary-when = Date: { $startsAt } · Venue: { $venue }
export-summary-exported = Exported at { $at } · Proposals: { $total }
export-summary-filtered = Filtered: { $filters }
export-filter-status = status { $values }
export-filter-level = level { $values }
export-filter-branch = branch { $values }
export-filter-topic = topic no. { $values }
export-filter-from = filed from { $at }
export-filter-to = filed before { $at }
export-summary-by-topic = By topic
export-summary-by-level = By level
export-summary-by-branch = By branch
export-summary-by-status = By status
export-summary-count = Proposals
export-summary-total = Total
export-level-none = Level not chosen
export-branch-none = Unknown (profile erased)
export-questions-sheet = Questions
export-col-group = Group
export-col-asked = People asking
export-col-members = Proposals
export-col-same-group = Other proposals in the group
export-group-more = and { $count } more
conclusion-title = Conclusion of the dialogue
conclusion-when = Date
conclusion-venue = Venue
conclusion-total = Proposals received: { $count }
conclusion-count-total = Total
conclusion-answers = Representative questions and answers
conclusion-no-answers = No proposal on this topic has been answered yet.
conclusion-question = Question
conclusion-answer = Answer
conclusion-made-at = Compiled at { $at }

## The office web page (/admin)

admin-title = Dialogue with youth — Office
admin-dialogues = Dialogues
admin-sign-in = Sign in
admin-sign-out = Sign out
admin-token = Access token
admin-token-hint = The token the system admin made for you (npm run cli -- token create). A session lasts 12 hours.
admin-sign-in-failed = That access token is wrong or was revoked.
admin-col-dialogue = Dialogue
admin-col-host = Host unit
admin-col-starts = Date
admin-col-published = Published
admin-col-proposals = Proposals
admin-draft = Draft
admin-bad-filter = Those filters are not valid.
admin-not-allowed = That dialogue was not found within your unit.
admin-any = (any)
admin-filters = Filter proposals
admin-filter = Filter
admin-col-topic = Topic
admin-col-status = Status
admin-col-level = Addressed to
admin-col-branch = Branch
admin-col-code = Code
admin-col-filed = Filed
admin-col-text = Text
admin-col-answer = Answer
admin-agency = Agency
admin-reason = Reason
admin-save = Save and tell the author
admin-download-xlsx = Download Excel (XLSX)
admin-download-csv = Download CSV
admin-download-json = Download JSON
admin-conclusion = Conclusion (printable)
admin-found = { $count } proposals.
admin-triage-failed = Not saved: { $error }. Forwarding needs the agency; not admissible needs a reason; an answer needs its text.
