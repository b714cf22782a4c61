/// Customer messages written for the relevance test, each with the article
/// that answers it (its slug), or nil when no article does. They are written
/// as customers write: greetings, detours, spelling as it comes. The set and
/// its figures are in BENCHMARKS.md ("Help suggestions").
enum HelpLabelledMessages {
    struct Labelled {
        var text: String
        var answer: String?
    }

    static func m(_ text: String, _ answer: String?) -> Labelled { Labelled(text: text, answer: answer) }

    /// To Rivera Plumbing & Heating.
    static let plumber: [Labelled] = [
        m("Hi, my kitchen sink drains slowly and there's a bit of a smell. Anything I can try?", "clearing-a-slow-drain"),
        m("The bathroom sink takes forever to empty after I brush my teeth", "clearing-a-slow-drain"),
        m("Water is pooling in the shower, it won't drain properly. Can you send someone?", "clearing-a-slow-drain"),
        m("I think the tub drain is clogged with hair, water just sits there", "clearing-a-slow-drain"),
        m("Our upstairs toilet keeps running all night and it's driving us crazy", "a-toilet-that-keeps-running"),
        m("After flushing the toilet the tank never stops filling, you can hear it hissing", "a-toilet-that-keeps-running"),
        m("Toilet won't stop running. Jiggling the handle used to work but not anymore.", "a-toilet-that-keeps-running"),
        m("We woke up to no hot water this morning, the heater is gas and about 8 years old", "no-hot-water-from-a-gas-water-heater"),
        m("The pilot light on our water heater keeps going out. Can you come have a look?", "no-hot-water-from-a-gas-water-heater"),
        m("Showers have only been lukewarm since the weekend, is the heater dying?", "no-hot-water-from-a-gas-water-heater"),
        m("Hello, the kitchen faucet has been dripping for weeks, even when fully closed", "fixing-a-dripping-faucet"),
        m("Drip drip drip from the bathroom tap all night. How do I change the washer myself?", "fixing-a-dripping-faucet"),
        m("We're going to Florida for three weeks in January. What should we do so the pipes don't freeze?", "preventing-frozen-pipes-in-winter"),
        m("It's -10 tonight, should I be worried about the pipes in the crawl space freezing?", "preventing-frozen-pipes-in-winter"),
        m("Where would the main shut off valve be in an older house? I want to know before something happens", "closing-your-main-water-shut-off-valve"),
        m("How do I turn off the water to the whole house? Replacing a toilet this weekend.", "closing-your-main-water-shut-off-valve"),
        m("The shower pressure upstairs is really weak, just a trickle compared to before", "low-water-pressure-at-a-faucet-or-shower"),
        m("Low water pressure in the bathroom faucet only, the kitchen one is fine", "low-water-pressure-at-a-faucet-or-shower"),
        m("Garbage disposal just hums when I switch it on, I think something is stuck", "a-garbage-disposal-that-hums"),
        m("Our disposal is jammed after my son put potato peels down it", "a-garbage-disposal-that-hums"),
        m("The radiator in the bedroom is hot at the bottom but cold at the top", "bleeding-a-radiator"),
        m("Radiators are making gurgling noises since the heating came on for the season", "bleeding-a-radiator"),
        m("How much do you charge per hour for a repair? And is there a call out fee?", "what-a-repair-visit-costs"),
        m("Could you give me an idea of your rates before I book?", "what-a-repair-visit-costs"),
        m("I need to move my appointment on Thursday to next week, is that possible?", "booking-a-visit"),
        m("Our water heater makes loud popping and banging noises when it heats up", "a-noisy-water-heater"),
        m("Rumbling sound from the hot water tank in the basement, should I flush it?", "a-noisy-water-heater"),
        // Nothing answers these.
        m("Can you quote for moving our washing machine hookup to the garage?", nil),
        m("I'd like to get a new kitchen island with a prep sink, do you do remodels?", nil),
        m("There's a crack in the ceiling plaster in the hallway, who should I call?", nil),
        m("Do you have any openings for a part-time apprentice? My nephew is interested.", nil),
        m("Our gutters are overflowing onto the porch every time it rains", nil),
        m("Please send me a copy of the receipt for the work you did in October for my taxes", nil),
        m("We're selling the house and the buyer's inspector wants a sewer camera inspection report", nil),
        m("Is the water in Chicago safe to drink? Our neighbour says there are lead service lines.", nil),
        m("Thanks Marco for the great job last week, the bathroom looks amazing!", nil),
        m("Do you install tankless water softeners for well water?", nil),
    ]

    /// To Harbour IT Support.
    static let itSupport: [Labelled] = [
        m("Hi, I've forgotten my password again, sorry! How do I reset it?", "resetting-your-password"),
        m("My password expired this morning and it won't accept a new one", "resetting-your-password"),
        m("Getting a message saying my account is locked after too many attempts", "resetting-your-password"),
        m("The printer on level 2 says offline on my computer but works for everyone else", "printer-shows-offline"),
        m("I've sent three documents to print and nothing is coming out, they're stuck in the queue", "printer-shows-offline"),
        m("Can someone help me get my work emails on my new iPhone?", "work-email-on-your-phone"),
        m("How do I add my Outlook account on my Samsung Android phone?", "work-email-on-your-phone"),
        m("VPN keeps failing to connect from home, it just spins on connecting", "connecting-to-the-office-vpn"),
        m("I'm working from home tomorrow, how do I get to the shared drive from there?", "connecting-to-the-office-vpn"),
        m("I upgraded my phone and now the authenticator app is empty, I can't approve sign-ins", "moving-two-factor-to-a-new-phone"),
        m("Lost my phone at the weekend, it had the MFA app on it. What do I do?", "moving-two-factor-to-a-new-phone"),
        m("Got a weird email from 'DHL' asking me to pay customs fees, is it a scam?", "spotting-a-phishing-email"),
        m("I think I clicked a link in a phishing email this morning, what should I do?", "spotting-a-phishing-email"),
        m("The Wi-Fi in the meeting room keeps dropping out during calls", "slow-or-dropping-wifi"),
        m("Internet is super slow in the office today, pages take ages", "slow-or-dropping-wifi"),
        m("Outlook says my mailbox is almost full and I can't send anything", "mailbox-full"),
        m("Keep getting storage warnings for my email, how do I archive old stuff?", "mailbox-full"),
        m("The S drive disappeared from my computer after the update", "mapping-the-shared-drive"),
        m("How do I map the shared network drive on my new laptop?", "mapping-the-shared-drive"),
        m("My laptop has become really slow, takes 10 minutes to start up", "a-slow-laptop"),
        m("Computer keeps freezing whenever I have Excel and Chrome open", "a-slow-laptop"),
        m("Nobody could hear me in the Teams call with the client, the microphone isn't working", "sound-and-microphone-in-teams"),
        m("My headset works for Zoom but in Teams meetings I can't hear anything", "sound-and-microphone-in-teams"),
        m("OneDrive has been stuck on 'processing changes' for two days and files aren't syncing", "onedrive-not-syncing"),
        m("There's a red cross on the OneDrive icon, are my files backed up?", "onedrive-not-syncing"),
        // Nothing answers these.
        m("Can you send us a quote for five new laptops for the new starters in March?", nil),
        m("We're moving office in June, can you handle the network cabling at the new place?", nil),
        m("Please add Priya to the marketing distribution list", nil),
        m("What's your availability for a strategy meeting about our IT budget next year?", nil),
        m("Our website domain renewal notice came in, do you manage that or do we?", nil),
        m("Can you recommend a good accounting software package for a small firm?", nil),
        m("The invoice for November seems to have charged us twice for the same visit", nil),
        m("Could you install Adobe Acrobat Pro on Sam's computer please?", nil),
        m("The coffee machine in the kitchen is leaking, do you know who services it?", nil),
        m("Does our backup cover the accounting server, and how long are backups kept?", nil),
    ]
}
