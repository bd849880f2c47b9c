import Foundation

// Times consentgate beside vipsthumbnail and ImageMagick on the same inputs
// in the same run, and prints the ratios. Run with `make bench`.
//
//   consentgate-bench [--runs N] [--corpus DIR] [--binary PATH]
//
// The machine is noisy: compare the ratios, not the absolute times.

let options = BenchOptions.parse(CommandLine.arguments.dropFirst())
let scratch = Scratch()
let inputs = try Inputs.make(corpus: options.corpus, in: scratch.path)

print("consentgate-bench  \(Machine.describe())")
print("runs per measurement: \(options.runs) (median reported)\n")

var rows: [Row] = []
for input in inputs.cases {
    let ours = Contender(name: "consentgate", arguments: { input, out in
        [options.binary, "preview", input, "--out", out, "--config", options.config]
    })
    let vips = Contender(name: "vipsthumbnail", arguments: { input, out in
        ["/usr/bin/vipsthumbnail", input, "-s", "2048", "-o", out + "/thumb.jpg[Q=85,strip]"]
    })
    let magick = Contender(name: "convert", arguments: { input, out in
        ["/usr/bin/convert", input, "-auto-orient", "-resize", "2048x2048>", "-strip", "-quality", "85", out + "/magick.jpg"]
    })
    var medians: [String: Measurement] = [:]
    for contender in [ours, vips, magick] {
        medians[contender.name] = try Measurement.median(of: (0 ..< options.runs).map { _ in
            try contender.measure(input.path, scratch: scratch.path)
        })
    }
    rows.append(Row(input: input.label, results: medians))
}

Report.print(rows)
