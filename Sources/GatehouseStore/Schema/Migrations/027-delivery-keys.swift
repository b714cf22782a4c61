extension Schema {
    static let m027DeliveryKeys = Migration(id: "2026-12-05-027-delivery-keys", statements: [
        // What makes an inbound email the same message however it came (Arrival.deliveryKey), so
        // that a message merely reusing a known Message-ID is not taken for a second delivery.
        // Messages stored before have none: their Message-ID alone still decides for them.
        "ALTER TABLE messages ADD COLUMN delivery_key TEXT",
    ])
}
