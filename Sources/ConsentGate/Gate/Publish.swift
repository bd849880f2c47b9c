import Foundation
import Imaging
import ImageStructure

/// Step: an approved photo. The derivative goes to published/<channel>/,
/// the original to archive/ (readable by its owner only), then the ledger
/// entry; if that entry cannot be written, both files are taken back.
enum Publish {
    static func run(_ file: SubmittedFile, _ derivative: Derivative, _ format: ImageFormat?, _ draft: LedgerDraft,
                    store: Store, workspace: Workspace) throws(StoreError) -> GateOutcome {
        let published = workspace.published(draft.channel) + "/" + draft.fileStem + ".jpg"
        let archived = workspace.archive + "/" + draft.fileStem + "." + (format.map(fileExtension) ?? "bin")
        do {
            try ensureFolder(workspace.published(draft.channel), mode: 0o700)
            try ensureFolder(workspace.archive, mode: 0o700)
            try DurableFile.write(file.bytes, to: archived, mode: 0o600)
            try DurableFile.write(derivative.jpeg, to: published, mode: 0o600)
        } catch {
            unlink(published)
            unlink(archived)
            throw StoreError("The approved photo could not be filed (\(error)); nothing was published.")
        }
        // From the bytes as published, decoded at an eighth: what the audit hashes too.
        let hash = (try? Fingerprint.perceptualHash(of: derivative.jpeg)).map { String(format: "%016llx", $0) }
        do {
            let entry = try store.append(draft.entry(
                decision: .approved, reasons: [], derivativeSHA256: Digest.sha256(derivative.jpeg),
                derivativePath: workspace.relative(published), perceptualHash: hash), publication: draft.publication)
            return GateOutcome(file: file.path, status: .approved, reasons: [], channel: draft.channel, derivative: published, rejectedFolder: nil,
                               sha256: draft.sha, ledgerSeq: entry.seq, repeated: false, removed: derivative.source.removed)
        } catch {
            unlink(published)
            unlink(archived)
            throw StoreError("The decision could not be recorded (\(error.message)); the photo was taken back out of published/.")
        }
    }

    static func fileExtension(_ format: ImageFormat) -> String {
        switch format {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .tiff: "tif"
        case .heif: "heic"
        case .avif: "avif"
        default: "bin"
        }
    }
}

func ensureFolder(_ path: String, mode: Int) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
}
