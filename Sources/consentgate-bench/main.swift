import Foundation

// Times consentgate beside vipsthumbnail and ImageMagick on the same inputs
// in the same run, and prints the ratios. Run with `make bench`.
//
//   consentgate-bench [--runs N] [--corpus DIR] [--binary PATH] [--config FILE]
//                     [--phone-heic LIST]   (a file naming real iPhone HEICs, one per line)
//                     [--only captions]     (the caption check alone)
//
// The machine is noisy: compare the ratios, not the absolute times.

let options = BenchOptions.parse(CommandLine.arguments.dropFirst())
let scratch = Scratch()
let phoneHEICs = options.phoneHEICs.isEmpty ? [] : try String(contentsOfFile: options.phoneHEICs, encoding: .utf8)
    .split(separator: "\n").map(String.init)
let inputs = try Inputs.make(corpus: options.corpus, phoneHEICs: phoneHEICs, in: scratch.path)
let template = try GateWorkspace.template(binary: options.binary, in: scratch.path)
let captionPhoto = options.corpus + "/sharp-fixtures/Landscape_1.jpg"
if options.only == "captions" {
    try CaptionBench.run(binary: options.binary, template: template, photo: captionPhoto, scratch: scratch.path, runs: options.runs)
    exit(0)
}

print("consentgate-bench  \(Machine.describe())")
print("runs per measurement: \(options.runs) (median reported)\n")

let contenders = [
    // The whole gate: read, inspect, decide against the register, render with
    // the school's watermark, verify, publish, archive, ledger entry (fsync'd).
    Contender(name: "gate", prepare: { try template.fresh(in: scratch.path) }, arguments: { input, _, workspace in
        [options.binary, "--workspace", workspace, "submit", input, "--nobody"]
    }),
    // The derivative alone, stamped NOT APPROVED, written durably.
    Contender(name: "preview", arguments: { input, out, _ in
        [options.binary, "preview", input, "--out", out, "--config", options.config]
    }),
    Contender(name: "vipsthumbnail", arguments: { input, out, _ in
        ["/usr/bin/vipsthumbnail", input, "-s", "2048", "-o", out + "/thumb.jpg[Q=85,strip]"]
    }),
    Contender(name: "convert", arguments: { input, out, _ in
        ["/usr/bin/convert", input, "-auto-orient", "-resize", "2048x2048>", "-strip", "-quality", "85", out + "/magick.jpg"]
    }),
]

var rows: [Row] = []
for input in inputs.cases {
    var medians: [String: Measurement] = [:]
    for contender in contenders {
        medians[contender.name] = try Measurement.median(of: (0 ..< options.runs).map { _ in
            try contender.measure(input.path, scratch: scratch.path)
        })
    }
    rows.append(Row(input: input.label, results: medians))
}

Report.print(rows, ours: ["gate", "preview"], theirs: ["vipsthumbnail", "convert"])

// The 280-megapixel bomb: refused from its header, by the whole gate.
let bomb = options.corpus + "/sharp-fixtures/giant-image.jpg"
let refusal = try Measurement.median(of: (0 ..< options.runs).map { _ in
    let workspace = try template.fresh(in: scratch.path)
    return try Spawn.measure([options.binary, "--workspace", workspace, "submit", bomb, "--nobody"], allowing: [3])
})
print("\n280 MP bomb (giant-image.jpg) refused by the gate: wall \(Report.fmt(refusal.wall, 3)) s, peak \(Report.fmt(refusal.peakMiB, 1)) MiB")

// Register import: 2,000 people into a fresh workspace.
let register = try RegisterBench.file(people: 2000, in: scratch.path)
let imported = try Measurement.median(of: (0 ..< options.runs).map { _ in
    let workspace = try template.fresh(in: scratch.path)
    return try Spawn.measure([options.binary, "--workspace", workspace, "register", "import", register])
})
print("register import of 2,000 people: wall \(Report.fmt(imported.wall, 3)) s, cpu \(Report.fmt(imported.cpu, 3)) s, peak \(Report.fmt(imported.peakMiB, 1)) MiB")

if options.batch > 0 {
    print("\nbatch: \(options.batch) different 12 MP JPEGs, each with a sidecar; \(options.batchRuns) runs (median)")
    let batch = try Batch.make(count: options.batch, mosaic: inputs.mosaic, in: scratch.path)
    var medians: [String: Measurement] = [:]
    for contender in batch.contenders(binary: options.binary, template: template, scratch: scratch.path) {
        medians[contender.name] = try Measurement.median(of: (0 ..< options.batchRuns).map { _ in
            try contender.measure("", scratch: scratch.path)
        })
    }
    Report.print([Row(input: "\(options.batch) x 12 MP JPEG", results: medians)],
                 ours: ["watch --once"], theirs: ["vipsthumbnail", "mogrify"])
}

if options.audit > 0 {
    try AuditBench.run(count: options.audit, binary: options.binary, template: template, corpus: options.corpus,
                       scratch: scratch.path, runs: options.batchRuns)
}

try CaptionBench.run(binary: options.binary, template: template, photo: captionPhoto, scratch: scratch.path, runs: options.batchRuns)
