import GatehouseCore

/// The example policies Gatehouse ships (Sources/GatehouseWeb/Resources/Examples), copied here so
/// the triage tests read against the same plumber, designer and IT support businesses.
enum TriagePolicies {
    /// Rivera Plumbing & Heating, Chicago: signs no heat, burst pipe, flooding, leak, no water, gas smell.
    static let plumber = #"""
        # Rivera Plumbing & Heating: a plumbing business in Chicago with a small crew.
        business:
          name: Rivera Plumbing & Heating
          timezone: America/Chicago
          email: office@rivera.example
          phone: "+1 312 555 0142"
          website: https://rivera.example

        hours:
          mon-thu: 08:00-12:00, 13:00-17:30
          fri: 08:00-15:00
          sat: closed
          sun: closed

        closures:
          2026-11-26: Thanksgiving
          2026-12-24: 08:00-12:00
          2026-12-25..2026-12-26: Christmas
          2027-01-01: New Year's Day

        response_windows:
          at: [10:30, 15:30]
          length: 45m
          min_reply_delay: 2h

        day:
          emergency_buffer: 60m
          focus: [08:00-10:30]
          max_meeting_time: 3h

        channels:
          email: accepted
          web_form: accepted
          phone: urgent-only
          sms: { accepted: no, redirect: "Please email office@rivera.example; for emergencies call +1 312 555 0142." }

        urgent:
          definition: No heat, no water, or water leaking inside the home.
          signs: [no heat, burst pipe, flooding, leak, no water, gas smell]
          reach_by: phone

        services:
          - id: repair
            name: Repairs
            description: Fixing what is broken, billed by the hour with a one-hour minimum.
            price: 120/hour
            covers: [leaks, clogs, faucets, water heaters, toilets]
            excludes: [roof, gutters]
          - id: install
            name: Installations
            description: New water heaters, fixtures and radiators, quoted after a site visit.
            price: quote
            covers: [water heater install, fixtures, radiators]

        plans:
          - id: standard
            name: Standard
            fee: 0/month
            first_response: 1 business day
            urgent_access: false
            default: true
          - id: care
            name: Care
            fee: 49/month
            first_response: 4 business hours
            allowance: 2h/month
            urgent_access: true
            meeting_length: 30m
            services: [repair]

        referrals:
          - name: Lakeside Roofing
            for: [roof, gutters]
            contact: hello@lakeside.example

        templates:
          acknowledgement: |
            Hi {{customer.first_name}}, thanks for your message. I answer messages at
            10:30 and 15:30 on working days, so you'll hear from me by {{promise}}.
            If water is leaking inside your home, please call {{business.phone}}.
        """#

    /// Studio Lenz, Berlin: a designer who answers email only; chat and phone are not accepted.
    static let designer = #"""
        # Studio Lenz: a freelance designer in Berlin who answers twice a day.
        business:
          name: Studio Lenz
          timezone: Europe/Berlin
          email: hallo@studio-lenz.example
          website: https://studio-lenz.example
          currency: EUR

        hours:
          mon-thu: 09:30-13:00, 14:00-18:00
          fri: 09:30-13:00

        closures:
          2026-12-23..2027-01-03: Winter break
          2027-04-02: Good Friday
          2027-04-05: Easter Monday
          2027-05-01: Labour Day

        response_windows:
          at: [11:00, 16:30]
          length: 30m
          min_reply_delay: 3h

        day:
          emergency_buffer: 30m
          focus: [09:30-11:00, 14:00-16:30]
          max_meeting_time: 2h

        channels:
          email: accepted
          web_form: accepted
          phone: no
          chat: { accepted: no, redirect: "I don't do chat so that nothing gets lost: please email hallo@studio-lenz.example." }

        urgent:
          definition: A launch or print deadline within 48 hours that is at risk because of the design files.
          signs: [print deadline, launch today, wrong files at the printer, site is down]
          reach_by: email

        services:
          - id: identity
            name: Brand identity
            description: Logo, colours, type and a short brand guide.
            price: 4800/project
            covers: [logo, colour palette, typography, brand guide]
            excludes: [website build, photography]
          - id: print
            name: Print design
            price: 85/hour
            covers: [flyers, posters, brochures, business cards]
          - id: web
            name: Web design
            description: Page designs ready for a developer to build.
            price: 650/page
            covers: [landing page, web page design]
            excludes: [development, hosting]

        plans:
          - id: project
            name: Project client
            fee: 0/month
            first_response: 1 business day
            default: true
          - id: retainer
            name: Design retainer
            fee: 900/month
            first_response: 4 business hours
            allowance: 10h/month
            urgent_access: true
            meeting_length: 45m
            services: [print, web]

        referrals:
          - name: Kuhn Web Development
            for: [website build, development, hosting]
            contact: team@kuhn-dev.example
          - name: Marta Wolf Photography
            for: [photography, product photos]
            contact: studio@martawolf.example
            note: Lovely to work with; books out four weeks ahead.

        templates:
          acknowledgement: |
            Hallo {{customer.first_name}},

            thank you for your message! I read and answer email at 11:00 and 16:30,
            so you'll hear from me by {{promise}}.

            Warm regards,
            {{business.name}}
        """#

    /// Harbour IT Support, Sydney: managed IT with outage and security signs.
    static let itSupport = #"""
        # Harbour IT: managed IT support in Sydney with an overnight on-call shift.
        business:
          name: Harbour IT Support
          timezone: Australia/Sydney
          email: help@harbourit.example
          phone: "+61 2 5550 1234"
          website: https://harbourit.example
          currency: AUD

        hours:
          # The on-call shift starts Sunday to Thursday at 22:00 and ends at 06:00 the next morning.
          mon-thu: 07:00-19:00, 22:00-06:00
          fri: 07:00-19:00
          sat: 09:00-13:00
          sun: 22:00-06:00

        closures:
          2026-12-25: Christmas Day
          2026-12-26: Boxing Day
          2026-12-28: Boxing Day (observed)
          2027-01-01: New Year's Day
          2027-01-26: Australia Day
          2027-03-26..2027-03-29: Easter
          2027-04-26: Anzac Day (observed)
          2027-06-14: King's Birthday
          2027-12-24: 07:00-12:00

        response_windows:
          at: [08:00, 12:00, 16:00]
          length: 1h
          min_reply_delay: 30m

        day:
          emergency_buffer: 2h
          focus: [09:00-11:00]
          max_meeting_time: 4h

        channels:
          email: accepted
          web_form: accepted
          phone: urgent-only
          sms: urgent-only
          chat: { accepted: no, redirect: "Please email help@harbourit.example, or call +61 2 5550 1234 if systems are down." }

        urgent:
          definition: A server, network or email outage stopping your business from working, or a suspected security breach.
          signs: [server down, outage, cannot log in, ransomware, breach, network down, email down]
          reach_by: phone

        services:
          - id: helpdesk
            name: Helpdesk support
            price: 140/hour
            covers: [password reset, printer, email setup, laptop, software install]
          - id: onsite
            name: On-site visit
            price: 220/visit
            covers: [network cabling, hardware replacement, office move]
          - id: project
            name: Projects
            price: quote
            covers: [migration, new office fit-out, server replacement]
            excludes: [software development]

        plans:
          - id: casual
            name: Pay as you go
            fee: 0/month
            first_response: 2 business days
            default: true
          - id: business
            name: Business
            fee: 450/month
            first_response: 4 business hours
            allowance: 5h/month
            urgent_access: true
            services: [helpdesk]
          - id: critical
            name: Critical
            fee: 1200/month
            first_response: 1 business hour
            allowance: 15h/month
            urgent_access: true
            meeting_length: 1h
            services: [helpdesk, onsite]

        referrals:
          - name: Circuit Software
            for: [software development, custom apps]
            contact: hello@circuit.example
        """#

    /// A triage for a policy text; the examples are valid, so a problem is a broken fixture.
    static func triage(_ yaml: String) -> Triage {
        do {
            return Triage(policy: try Policy.read(yaml: yaml))
        } catch {
            fatalError("fixture policy is invalid: \(error.diagnostics.map(\.description))")
        }
    }

    static let plumberTriage = triage(plumber)
    static let designerTriage = triage(designer)
    static let itSupportTriage = triage(itSupport)
}
