import Foundation

/// Why a register import changed nothing.
public enum RegisterImportError: Error, CustomStringConvertible {
    case unreadable(String)
    case refused(RegisterFile.Refusal)
    case store(StoreError)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path) cannot be read."
        case .refused(let refusal): refusal.description
        case .store(let error): error.message
        }
    }
}

/// `register import`: read the export, check all of it, then apply it in one transaction.
public enum RegisterImport {
    public static func run(_ path: String, format: RegisterFormat, into store: Store,
                           by account: String = OSAccount.current) throws(RegisterImportError) -> ImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        let bytes = [UInt8](data)
        let name = (path as NSString).lastPathComponent
        do {
            let people = try RegisterFile(format: format).read(bytes, name: name)
            do {
                return try store.importRegister(people, file: name, digest: Digest.sha256(bytes), by: account)
            } catch {
                throw RegisterImportError.store(error)
            }
        } catch let refusal as RegisterFile.Refusal {
            throw .refused(refusal)
        } catch let failure as RegisterImportError {
            throw failure
        } catch {
            throw .unreadable(path)
        }
    }
}
