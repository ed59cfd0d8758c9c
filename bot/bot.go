// Package bot is the conversation engine of SafePassage. It knows no channel: a channel adapter turns its update
// into a Message, calls Engine.Handle, and renders the Replies in its own idiom. The engine decides, in this order:
// distress (a message that signals danger goes straight to help, whatever the state), a pressed button, a command,
// an offer to screen, a question for the knowledge base, and a gentle fallback with the menu.
//
// It imports content, locales and store; it must not import any channel (bot/telegram, bot/web, bot/whatsapp).
package bot

// Channels the engine serves. Each adapter sets Message.Channel to one of these.
const (
	ChannelTelegram = "telegram"
	ChannelWhatsApp = "whatsapp"
	ChannelWeb      = "web"
)

// Message is one incoming message or button press, as a channel understood it.
type Message struct {
	Channel   string    // one of the Channel constants
	UserID    string    // the platform's id of the person (Telegram user id, WhatsApp number, web session id)
	ChatID    string    // where replies go, if not to UserID (a Telegram chat)
	Text      string    // what they typed, or the caption of a photo or document
	Button    string    // the data of a pressed button
	LangHint  string    // the platform's language hint (Telegram language_code, browser language)
	Forwarded bool      // forwarded from someone else (a recruiter's message, a channel post)
	Location  *Location // a shared location
	Media     string    // what else the message carries: see the Media constants
}

// Kinds of media the engine tells apart. A caption arrives as Text with Media set.
const (
	MediaNone    = ""
	MediaPhoto   = "photo"
	MediaDoc     = "document"
	MediaVoice   = "voice"
	MediaVideo   = "video"
	MediaSticker = "sticker"
	MediaContact = "contact"
	MediaOther   = "other"
)

// Location is a point shared by the user.
type Location struct {
	Lat, Lon float64
}

// Reply kinds, the `kind` of the web API's messages: what a reply is, for channels, analytics and tests.
const (
	KindMenu     = "menu"
	KindFAQ      = "faq"
	KindCheck    = "check"
	KindHotlines = "hotlines"
	KindPrompt   = "prompt"
	KindAlert    = "alert"
	KindFallback = "fallback"
)

// Reply is one message the bot sends back.
type Reply struct {
	Text            string
	Kind            string     // one of the Kind constants
	Ref             string     // topic id, risk level or country code
	Buttons         [][]Button // rows of buttons
	RequestLocation bool       // offer the platform's "share my location" control
	RTL             bool       // the text is in a right-to-left language
}

// Button is one choice offered with a reply. Data is at most 64 bytes (Telegram's callback data limit).
type Button struct {
	Label string
	Data  string
}

// Response is what the engine answers to one Message.
type Response struct {
	Lang    string // the locale the replies are written in
	Replies []Reply
}
