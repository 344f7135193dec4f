## Common

common-yes = Yes
common-no = No
common-back = Back
common-cancelled = Cancelled. You can pick something else from the menu.
common-pick-one = Please pick one of the options: type its number (on Telegram you can tap its button).
common-stale-choice = That button belongs to an older message. Please pick from the latest list below.
common-unsupported-input = Thank you! For now I can only read text messages. Please answer in text.
common-unknown-command = I don't know that command. Commands you can use: /start, /submit, /my, /dialogues, /profile, /language, /mydata, /help, /cancel.
common-error = Sorry, something went wrong while handling your message. Please try again in a few minutes.
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

help-text =
    How to use this chatbot:
    • /submit — send a question or proposal on a topic
    • /my — your proposals, their status and answers; edit or withdraw while submissions are open
    • /dialogues — upcoming dialogues
    • /profile — see and change your profile
    • /mydata — the data the chatbot keeps; withdraw consent
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
