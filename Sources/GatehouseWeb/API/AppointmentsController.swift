import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/appointments`: the owner's calls, meetings and site visits by date range; booking
/// one (refused with 409 `collides`, naming what it runs into, unless `override_reason` is
/// given); cancelling one.
struct AppointmentsController {

    struct AppointmentJSON: Encodable {
        var id: String
        var customerID: Customer.ID?
        var kind: String
        var title: String
        var start: String
        var end: String
        var minutes: Int64
        var place: String
        var agenda: String
        var overrideReason: String?
        var collisions: [String]
        var status: String

        enum CodingKeys: String, CodingKey {
            case id, kind, title, start, end, minutes, place, agenda, collisions, status
            case customerID = "customer_id"
            case overrideReason = "override_reason"
        }

        init(_ a: Appointment) {
            id = a.id
            customerID = a.customerID
            kind = a.kind.rawValue
            title = a.title
            start = isoUTC(a.startsAt)
            end = isoUTC(a.endsAt)
            minutes = a.length.seconds / 60
            place = a.place
            agenda = a.agenda
            overrideReason = a.overrideReason
            collisions = a.collisions
            status = a.status.rawValue
        }
    }

    struct ListJSON: Encodable {
        var items: [AppointmentJSON]
    }

    static let fields = ["customer_id", "kind", "title", "start", "minutes", "place", "agenda", "override_reason"]
    /// The widest range one list answers.
    static let widest = TimeSpan.hours(24 * 366)

    func add(to group: RouterGroup<DeskContext>) {
        group.get("appointments") { request, context in
            let desk = try context.requireDesk()
            let calendar = try desk.calendar()
            let query = request.uri.queryParameters
            let from = try query.get("from").map { try JSONBody.instant($0, field: "from") }
                ?? calendar.start(of: calendar.localTime(of: desk.now).date)
            let to = try query.get("to").map { try JSONBody.instant($0, field: "to") } ?? from + .hours(24 * 7)
            guard from < to else { throw APIError(.badRequest, code: "bad_parameter", "to must come after from", field: "to") }
            guard to - from <= Self.widest else {
                throw APIError(.badRequest, code: "bad_parameter", "from and to can be at most 366 days apart", field: "to")
            }
            let cancelled: Bool
            switch query.get("include_cancelled") {
            case nil, "false": cancelled = false
            case "true": cancelled = true
            case let other?:
                throw APIError(.badRequest, code: "bad_parameter", "include_cancelled must be true or false, not '\(other)'",
                               field: "include_cancelled")
            }
            let items = try await desk.appointments.list(from: from, to: to, includeCancelled: cancelled)
            return try JSONResponse.make(ListJSON(items: items.map(AppointmentJSON.init)))
        }
        group.post("appointments") { request, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.fields)
            let start = try JSONBody.instant(try body.string("start", required: true) ?? "", field: "start")
            guard let minutes = try body.integer("minutes") else {
                throw APIError(.unprocessableContent, code: "missing_field", "'minutes' is required", field: "minutes")
            }
            guard (1...720).contains(minutes) else {
                throw APIError(.unprocessableContent, code: "invalid", "minutes must be from 1 to 720, not \(minutes)", field: "minutes")
            }
            let kindText = try body.string("kind") ?? Appointment.Kind.call.rawValue
            guard let kind = Appointment.Kind(rawValue: kindText) else {
                throw APIError(.unprocessableContent, code: "invalid",
                               "kind must be call, meeting or site_visit, not '\(kindText)'", field: "kind")
            }
            let customerID = try body.string("customer_id")
            var name: String?
            if let customerID {
                guard let customer = try await desk.customers.customer(Customer.ID(customerID)) else {
                    throw APIError(.notFound, code: "not_found", "no customer \(customerID)", field: "customer_id")
                }
                name = customer.name
            }
            let title = try body.string("title") ?? (kind.label + (name.map { " with " + $0 } ?? ""))
            let draft = AppointmentDraft(customerID: customerID.map { Customer.ID($0) }, kind: kind, title: title, startsAt: start.secondsSince1970,
                                         endsAt: start.secondsSince1970 + Int64(minutes) * 60,
                                         place: try body.string("place") ?? "", agenda: try body.string("agenda") ?? "")
            do {
                let booked = try await desk.appointments
                    .book(draft, overrideReason: try body.string("override_reason"), actor: caller.actor, now: desk.now)
                var response = try JSONResponse.make(AppointmentJSON(booked), status: .created)
                response.headers[.location] = "/api/v1/appointments/\(booked.id)"
                return response
            } catch let refused as AppointmentRefused {
                throw APIError(.conflict, code: "collides", refused.message, field: "start")
            }
        }
        group.get("appointments/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let found = try await context.requireDesk().appointments.appointment(id) else {
                throw APIError(.notFound, code: "not_found", "no appointment \(id)")
            }
            return try JSONResponse.make(AppointmentJSON(found))
        }
        group.post("appointments/:id/cancel") { _, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let cancelled = try await desk.customerBookings.cancelByOwner(id, actor: caller.actor, now: desk.now) else {
                throw APIError(.notFound, code: "not_found", "no appointment \(id)")
            }
            return try JSONResponse.make(AppointmentJSON(cancelled))
        }
    }
}
