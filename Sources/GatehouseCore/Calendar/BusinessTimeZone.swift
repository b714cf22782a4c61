import Foundation

/// The time zones a policy may name: IANA identifiers known to this system.
public enum BusinessTimeZone {
    /// Every IANA identifier the system's time-zone data knows.
    public static let knownIdentifiers: [String] = TimeZone.knownTimeZoneIdentifiers

    private static let aliases: Set<String> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu"]

    /// Whether `identifier` is an IANA time zone name (not an abbreviation like CST).
    public static func isKnown(_ identifier: String) -> Bool {
        guard TimeZone(identifier: identifier) != nil else { return false }
        // Link names such as US/Eastern are IANA names too; bare abbreviations (CST) are not.
        return aliases.contains(identifier) || knownIdentifiers.contains(identifier) || identifier.contains("/")
    }
}
