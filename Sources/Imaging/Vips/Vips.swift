import CShims
import CVips

/// The process-wide libvips runtime, started once before the first image.
enum Vips {
    /// Starting twice is harmless; starting never is not.
    private static let started: Bool = cg_vips_start(0) == 0

    static func ensureStarted() throws(VipsError) {
        guard started else { throw VipsError(message: "libvips could not start: " + takeErrorMessage()) }
    }

    /// libvips keeps one error buffer for all threads: copy it out and clear
    /// it in one call, never read-then-clear.
    static func takeErrorMessage() -> String {
        guard let copy = vips_error_buffer_copy() else { return "unknown libvips error" }
        defer { g_free(copy) }
        // The buffer may still hold older lines from warnings that did not
        // fail anything; the failure is described by the last line.
        let lines = String(cString: copy).split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return lines.last(where: { !$0.isEmpty }) ?? "unknown libvips error"
    }

    /// Frees the calling thread's libvips buffers after a job, as sharp and
    /// imgproxy do.
    static func finishJob() {
        vips_thread_shutdown()
    }
}

/// What libvips said when an operation failed.
struct VipsError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}

private extension Set where Element == Character {
    static let whitespacesAndNewlines: Set<Character> = [" ", "\n", "\t", "\r"]
}
