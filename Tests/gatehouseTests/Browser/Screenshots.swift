import Foundation

/// Where tests leave files for people to look at after a run: `GATEHOUSE_TEST_ARTIFACTS`, or
/// `.build/test-artifacts` in the repository (git ignores `.build`).
enum TestArtifacts {
    static var directory: URL {
        if let chosen = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_ARTIFACTS"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen, isDirectory: true)
        }
        return GatehouseProcess.root.appendingPathComponent(".build/test-artifacts", isDirectory: true)
    }

    static var screenshots: URL { directory.appendingPathComponent("screenshots", isDirectory: true) }
}

/// A window size pages are looked at in.
struct ScreenSize: Sendable {
    let name: String
    let width: Int
    let height: Int

    static let phone = ScreenSize(name: "phone", width: 390, height: 844)
    static let desktop = ScreenSize(name: "desktop", width: 1280, height: 900)
}

extension WebDriverSession {
    /// Saves pictures of the whole current page at phone and at desktop size, as
    /// `NAME-phone.png` and `NAME-desktop.png` in `TestArtifacts.screenshots`, and returns where.
    /// The window is left at the last size.
    @discardableResult
    func saveScreenshots(_ name: String, sizes: [ScreenSize] = [.phone, .desktop]) async throws -> [URL] {
        let folder = TestArtifacts.screenshots
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var saved: [URL] = []
        for size in sizes {
            try await setViewportSize(width: size.width, height: size.height)
            let file = folder.appendingPathComponent("\(name)-\(size.name).png")
            try await fullPageScreenshot().write(to: file)
            saved.append(file)
        }
        return saved
    }

    /// A PNG of the whole page at the window's width, including what lies below the window.
    func fullPageScreenshot() async throws -> Data {
        let size = try await execute("""
            const root = document.documentElement;
            return [root.clientWidth, Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0, innerHeight)];
            """, as: [Int].self)
        guard size.count == 2 else { return try await screenshot() }
        let answer = try await devTools("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1],
        ])
        guard let text = answer["data"] as? String, let png = Data(base64Encoded: text) else {
            throw WebDriverError(command: "DevTools Page.captureScreenshot", error: "unexpected answer",
                                 message: "no PNG data")
        }
        return png
    }
}
