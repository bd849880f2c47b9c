import Foundation
import GRDB

/// The workspace's SQLite database (WAL), created and migrated on first use.
/// Everything consentgate remembers lives here: the register, the staff
/// list, their histories (and, later, the ledger).
public final class Store: Sendable {
    let database: DatabasePool

    public init(path: String) throws(StoreError) {
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            // A decision is on disk before the command reports it, even across a power cut.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError("The database \(path) cannot be opened (\(Self.describe(error))).")
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    func write<T>(_ work: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(work)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("The database could not be updated (\(Self.describe(error))).")
        }
    }

    func read<T>(_ work: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(work)
        } catch {
            throw StoreError("The database could not be read (\(Self.describe(error))).")
        }
    }
}

public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Days are stored as ISO 8601 text, so that SQL compares them correctly.
extension Day: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ value: DatabaseValue) -> Day? {
        String.fromDatabaseValue(value).flatMap(Day.init(iso:))
    }
}
