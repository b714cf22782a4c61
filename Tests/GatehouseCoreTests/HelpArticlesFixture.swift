import GatehouseCore

/// Help articles for the example businesses, written for the search tests: a
/// plumber's and an IT support company's first dozen answers.
enum HelpArticlesFixture {
    static func article(_ slug: String, _ title: String, _ category: String, tags: [String], questions: [String],
                        body: String) -> HelpArticle {
        HelpArticle(id: slug, slug: slug, title: title, category: category, tags: tags, questions: questions, body: body)
    }

    /// Rivera Plumbing & Heating.
    static let plumber: [HelpArticle] = [
        article("clearing-a-slow-drain", "Clearing a slow drain", "Drains",
                tags: ["drain", "sink", "clog", "shower"],
                questions: ["My sink drains slowly", "Water won't go down the drain", "How do I unclog a sink?",
                            "The shower drain is slow and water pools around my feet"],
                body: """
                Most slow drains are a plug of hair, soap or grease a few inches below the opening.

                1. Pull out the stopper and clean the hair and gunk off it.
                2. Pour a kettle of hot (not boiling) water down the drain.
                3. Use a cup plunger: cover the overflow hole with a wet cloth and plunge ten times.
                4. A plastic drain snake from the hardware store reaches what the plunger cannot.

                Avoid chemical drain cleaners: they damage older pipes. If the water still stands after
                all of this, or several drains are slow at once, the blockage is further down: book a repair.
                """),
        article("a-toilet-that-keeps-running", "A toilet that keeps running", "Toilets",
                tags: ["toilet", "flapper", "cistern"],
                questions: ["My toilet keeps running after I flush", "The toilet tank keeps refilling",
                            "I hear water trickling in the toilet all the time"],
                body: """
                A toilet that runs is almost always the flapper or the fill valve in the tank.
                Take the lid off the tank. If the chain is tangled or too short, the flapper cannot close: give it a
                little slack. If the water level is above the overflow tube, turn the float screw to lower it.
                A worn rubber flapper costs a few dollars and clips on without tools.
                """),
        article("no-hot-water-from-a-gas-water-heater", "No hot water from a gas water heater", "Water heaters",
                tags: ["water heater", "pilot light", "hot water"],
                questions: ["There is no hot water", "My water heater stopped heating", "The pilot light went out",
                            "Showers are only lukewarm"],
                body: """
                Check the pilot light through the window at the bottom of the heater. If it is out, follow the
                relighting steps on the label on the tank: turn the gas knob to pilot, hold it down, press the
                igniter, keep holding for a minute, then turn it to on. If the pilot lights but will not stay
                lit, the thermocouple needs replacing: book a repair. If you smell gas, do not relight anything:
                leave the house and call us.
                """),
        article("fixing-a-dripping-faucet", "Fixing a dripping faucet", "Faucets",
                tags: ["faucet", "tap", "drip"],
                questions: ["My faucet keeps dripping", "The kitchen tap drips even when it is turned off",
                            "How do I replace a faucet washer?"],
                body: """
                Close the shut-off valves under the sink first. A dripping compression faucet needs a new washer;
                a single-handle faucet needs a new cartridge. Take the old part to the hardware store to match it.
                If the drip comes from the base of the spout, the O-ring is worn instead.
                """),
        article("preventing-frozen-pipes-in-winter", "Preventing frozen pipes in winter", "Winter",
                tags: ["frozen", "winter", "cold", "insulation"],
                questions: ["How do I keep my pipes from freezing?", "What should I do before going away in winter?",
                            "A pipe froze and no water comes out of the tap"],
                body: """
                Keep the heating at 55°F or more, even when you are away. Open the cabinet doors under sinks on
                outside walls so warm air reaches the pipes, and let a cold tap drip on the coldest nights.
                Pipes in a garage or crawl space need foam insulation sleeves. A frozen pipe can be thawed
                gently with a hair dryer, starting from the tap end; never use an open flame.
                """),
        article("closing-your-main-water-shut-off-valve", "Closing your main water shut-off valve", "Emergencies",
                tags: ["shut-off", "valve", "stop valve", "main"],
                questions: ["Where is my main water shut-off?", "How do I turn off the water to the house?",
                            "How do I stop the water supply?"],
                body: """
                Every home has a main shut-off where the water line comes in, usually in the basement on the
                front wall, near the water meter. Turn a round handle clockwise until it stops; turn a lever a
                quarter turn so it sits across the pipe. Find it now, before you need it, and tie a label to it.
                """),
        article("low-water-pressure-at-a-faucet-or-shower", "Low water pressure at a faucet or shower", "Faucets",
                tags: ["pressure", "aerator", "showerhead"],
                questions: ["The water pressure is weak", "Only a trickle comes out of the shower head",
                            "Why is the pressure low in one tap?"],
                body: """
                When only one faucet is weak, unscrew the aerator at the tip of the spout and rinse out the grit.
                A showerhead clogged with scale can soak overnight in a bag of white vinegar. When every tap in
                the house is weak, check that the main shut-off valve is fully open, then book a visit.
                """),
        article("a-garbage-disposal-that-hums", "A garbage disposal that hums but will not turn", "Kitchen",
                tags: ["garbage disposal", "disposal", "kitchen"],
                questions: ["My garbage disposal is humming", "The disposal is jammed", "The disposal stopped working"],
                body: """
                Switch the disposal off at the wall. Put the hex key that came with it (a 1/4 inch Allen key) in
                the socket on the bottom of the unit and work it back and forth to free the jam. Then press the
                red reset button on the bottom and switch it back on. Never put your hand inside.
                """),
        article("bleeding-a-radiator", "Bleeding a radiator", "Heating",
                tags: ["radiator", "bleed", "heating"],
                questions: ["My radiator is cold at the top", "The radiators are gurgling", "How do I bleed a radiator?"],
                body: """
                A radiator that is warm at the bottom and cold at the top has air in it. With the heating off,
                hold a cloth under the bleed valve at the top corner and open it a quarter turn with a radiator
                key. When water comes out instead of air, close it. On a boiler system, check the pressure gauge
                afterwards and top it up to about 1.5 bar.
                """),
        article("what-a-repair-visit-costs", "What a repair visit costs", "Prices",
                tags: ["price", "cost", "invoice", "rates"],
                questions: ["How much do you charge?", "What is your hourly rate?", "How much is a call-out?"],
                body: """
                Repairs are $120 an hour with a one-hour minimum, and parts at cost. An emergency call-out is
                $180 for the visit. Installations are quoted after a site visit, free of charge. Care plan
                members get two hours a month included.
                """),
        article("booking-a-visit", "Booking a visit and what to expect", "Visits",
                tags: ["appointment", "booking", "visit", "schedule"],
                questions: ["How do I book an appointment?", "When can you come out?", "Can I change my appointment?"],
                body: """
                Book through the contact form or by email with your address and what is wrong. We give a
                two-hour arrival window and text when we are on our way. Someone over 18 needs to be home, and
                please clear the space under the sink or around the heater. To move an appointment, reply to
                the confirmation at least a day before.
                """),
        article("a-noisy-water-heater", "A noisy water heater: popping and rumbling", "Water heaters",
                tags: ["water heater", "noise", "sediment", "flush"],
                questions: ["My water heater makes popping noises", "The water heater is rumbling",
                            "How do I flush the water heater tank?"],
                body: """
                Popping and rumbling come from sediment at the bottom of the tank: water trapped under it boils.
                Flushing the tank once a year clears it: turn the heater to vacation, attach a hose to the drain
                valve at the bottom, run it to a floor drain until it runs clear. A tank over 12 years old that
                still rumbles is near the end of its life.
                """),
    ]

    /// Harbour IT Support, Sydney.
    static let itSupport: [HelpArticle] = [
        article("resetting-your-password", "Resetting your Microsoft 365 password", "Accounts",
                tags: ["password", "reset", "account", "locked out"],
                questions: ["I forgot my password", "How do I change my password?", "My password expired",
                            "My account is locked"],
                body: """
                Go to the sign-in page, choose "Forgot my password" and follow the steps: you confirm with the
                authenticator app or a text to your mobile. A new password needs 12 characters. After a
                reset, sign in again on your phone and in Outlook, or they keep trying the old password and
                lock the account.
                """),
        article("printer-shows-offline", "The printer shows as offline", "Printing",
                tags: ["printer", "offline", "print queue", "printing"],
                questions: ["My printer says offline", "Nothing prints", "Print jobs are stuck in the queue",
                            "I can't print"],
                body: """
                Turn the printer off and on and wait for it to show its IP address. On your computer open
                Settings, Printers, choose the office printer and clear the print queue. Make sure the office
                printer is the default, not an old one. If it still shows offline, check that you are on the
                office Wi-Fi, not the guest network.
                """),
        article("work-email-on-your-phone", "Setting up work email on your phone", "Email",
                tags: ["email", "phone", "outlook", "mobile", "iphone", "android"],
                questions: ["How do I get my work email on my phone?", "Add my email account to my iPhone",
                            "Outlook on my Android"],
                body: """
                Install the Outlook app from the App Store or Google Play, open it and sign in with your work
                address. Approve the sign-in in the authenticator app. The phone's built-in mail app is not
                supported. Your calendar and contacts come across too.
                """),
        article("connecting-to-the-office-vpn", "Connecting to the office VPN from home", "Remote work",
                tags: ["vpn", "remote", "home", "working from home"],
                questions: ["The VPN won't connect", "How do I work from home?",
                            "I can't reach the shared drive from home"],
                body: """
                Open the GlobalProtect client in the taskbar and connect to vpn.harbour.example. Sign in with
                your work account. If it hangs on connecting, restart your home router and your laptop. The
                VPN does not work on hotel or airport Wi-Fi that needs a login page until you have signed in there.
                """),
        article("moving-two-factor-to-a-new-phone", "Moving two-factor authentication to a new phone",
                "Accounts",
                tags: ["mfa", "two-factor", "authenticator", "new phone"],
                questions: ["I got a new phone and the authenticator codes are gone",
                            "How do I move Microsoft Authenticator to my new phone?", "I lost my phone with the MFA app"],
                body: """
                Before you wipe the old phone, sign in to mysignins.microsoft.com, choose Security info, add
                the new phone and remove the old one. If the old phone is already gone, ask us to reset your
                multi-factor registration; you then set it up again at your next sign-in.
                """),
        article("spotting-a-phishing-email", "Spotting and reporting a phishing email", "Security",
                tags: ["phishing", "scam", "spam", "suspicious"],
                questions: ["I got a suspicious email", "Is this email a scam?", "I clicked a link in a dodgy email"],
                body: """
                Look at the sender's real address, not the name. Be wary of urgency, invoices you did not
                expect and links to sign in. Use the Report button in Outlook to send it to us. If you typed
                your password into a page from an email, change your password at once and tell us.
                """),
        article("slow-or-dropping-wifi", "Slow or dropping Wi-Fi in the office", "Network",
                tags: ["wifi", "wireless", "internet", "slow"],
                questions: ["The Wi-Fi keeps dropping out", "The internet is slow", "My laptop won't stay connected to Wi-Fi"],
                body: """
                Forget the network on your device and join it again. Choose the 5 GHz network (name ending
                -5G) where you can: it is faster near the access points. If everyone is slow, restart the
                router in the comms cupboard by unplugging it for 30 seconds.
                """),
        article("mailbox-full", "Mailbox full: archiving old email", "Email",
                tags: ["mailbox", "storage", "archive", "quota"],
                questions: ["My mailbox is full", "I am getting storage warnings in Outlook",
                            "I can't send email because my mailbox is over its limit"],
                body: """
                Your mailbox holds 50 GB. Empty Deleted Items and Junk, then sort by size and remove large
                attachments you have saved elsewhere. The online archive moves mail older than two years out
                of the mailbox automatically: ask us to switch it on.
                """),
        article("mapping-the-shared-drive", "Mapping the shared drive", "Files",
                tags: ["shared drive", "network drive", "s drive", "files"],
                questions: ["The S: drive is missing", "How do I map a network drive?", "I can't see the shared folder"],
                body: """
                Open File Explorer, right-click This PC and choose Map network drive. Pick the letter S and
                type \\\\files\\shared, tick Reconnect at sign-in and enter your work account. From home you need
                the VPN first.
                """),
        article("a-slow-laptop", "A slow laptop: what to try first", "Computers",
                tags: ["laptop", "slow", "performance", "computer"],
                questions: ["My laptop is really slow", "The computer takes ages to start",
                            "Everything freezes on my PC"],
                body: """
                Restart it properly: a laptop that is only ever closed has not restarted in weeks. Install the
                waiting updates. Close browser tabs you do not need and check that the disk has at least 15%
                free space. If it is still slow, it may need more memory: we can check.
                """),
        article("sound-and-microphone-in-teams", "No sound or microphone in Teams meetings", "Meetings",
                tags: ["teams", "microphone", "audio", "headset", "camera"],
                questions: ["People can't hear me in Teams", "I can't hear anyone in meetings",
                            "My headset doesn't work in Teams"],
                body: """
                In the meeting, open More, Settings, Device settings, and choose your headset for both the
                speaker and the microphone. Check the mute switch on the headset cable. Unplug and replug a
                USB headset before the meeting starts, not during it.
                """),
        article("onedrive-not-syncing", "OneDrive not syncing", "Files",
                tags: ["onedrive", "sync", "files", "cloud"],
                questions: ["OneDrive is stuck syncing", "My files are not syncing", "OneDrive shows a red cross"],
                body: """
                Click the OneDrive cloud in the taskbar to see what it is waiting for. Pause syncing and resume
                it. File names with characters like # or % and paths over 400 characters do not sync: rename
                them. Signing out of OneDrive and back in fixes most other cases.
                """),
    ]
}
