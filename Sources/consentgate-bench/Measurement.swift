import Foundation

/// One run of one command: wall time, CPU time and peak memory of that child alone.
struct Measurement {
    var wall: Double
    var cpu: Double
    var peakMiB: Double

    static func median(of runs: [Measurement]) throws -> Measurement {
        func mid(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Measurement(wall: mid(runs.map(\.wall)), cpu: mid(runs.map(\.cpu)), peakMiB: mid(runs.map(\.peakMiB)))
    }
}

struct Contender {
    let name: String
    /// Untimed set-up before each run; returns a workspace path if there is one.
    var prepare: () throws -> String = { "" }
    let arguments: (_ input: String, _ outputDirectory: String, _ workspace: String) -> [String]

    func measure(_ input: String, scratch: String) throws -> Measurement {
        let out = scratch + "/out-" + name
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let workspace = try prepare()
        return try Spawn.measure(arguments(input, out, workspace))
    }
}

/// A workspace ready for `submit`: initialised, the fixture register
/// imported, the account running the benchmark designated. Each run gets a
/// fresh copy, so that no run finds its photo already decided.
struct GateWorkspace {
    let path: String

    static func template(binary: String, in scratch: String) throws -> GateWorkspace {
        let path = scratch + "/template-workspace"
        _ = try Spawn.measure([binary, "--workspace", path, "init", "--from", "Config", "--school-name", "Hillside Primary School",
                                   "--logo", "Config/logo.png"])
        _ = try Spawn.measure([binary, "--workspace", path, "register", "import", "Fixtures/register/register.csv"])
        _ = try Spawn.measure([binary, "--workspace", path, "staff", "add", "BENCH", "--account", NSUserName(),
                               "--channels", "facebook"])
        // The batch starts with every photo already whole: a short quiet interval.
        let config = path + "/consentgate.yaml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "quiet_seconds: 2 ", with: "quiet_seconds: 0.1 ")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        return GateWorkspace(path: path)
    }

    func fresh(in scratch: String) throws -> String {
        let copy = scratch + "/workspace-run"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return copy
    }
}

enum Spawn {
    /// Runs argv to completion with stdout and stderr discarded. The peak
    /// memory is wait4's for this child; Linux counts the spawning process's
    /// memory in it too (posix_spawn shares it until exec), which is fair
    /// here because this benchmark process stays far smaller than what it runs.
    static func measure(_ argv: [String], allowing allowed: Set<Int32> = [0]) throws -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ) == 0 else {
            throw BenchError("cannot start \(argv[0])")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        clock_gettime(CLOCK_MONOTONIC, &end)
        let exit = (status >> 8) & 0xFF
        guard (status & 0x7F) == 0, allowed.contains(exit) else {
            throw BenchError("\(argv.joined(separator: " ")) exited with status \(exit)")
        }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return Measurement(
            wall: Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9,
            cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakMiB: Double(usage.ru_maxrss) / 1024)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
