import GRDB

extension Store {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("register and staff") { db in
            try db.create(table: "person") { t in
                t.primaryKey("id", .text)
                t.column("given_name", .text).notNull()
                t.column("family_name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("naming", .text).notNull()
                t.column("valid_from", .text)
                t.column("valid_until", .text)
                t.column("withdrawn_on", .text)
                t.column("do_not_publish", .boolean).notNull()
                t.column("restrictions", .text).notNull()
                t.column("recorded_by", .text).notNull()
                t.column("recorded_on", .text)
                t.column("source", .text).notNull()
                t.column("in_register", .boolean).notNull()
            }
            // One row per person and channel; withdrawn_on here is a
            // withdrawal recorded with `register withdraw` for that channel.
            try db.create(table: "consent") { t in
                t.column("person_id", .text).notNull().references("person", onDelete: .cascade)
                t.column("channel", .text).notNull()
                t.column("status", .text).notNull()
                t.column("withdrawn_on", .text)
                t.primaryKey(["person_id", "channel"])
            }
            try db.create(table: "register_change") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("person_id", .text).notNull().indexed()
                t.column("field", .text).notNull()
                t.column("old_value", .text)
                t.column("new_value", .text)
                t.column("changed_at", .text).notNull()
                t.column("source", .text).notNull()
            }
            try db.create(table: "register_import") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("imported_at", .text).notNull()
                t.column("imported_by", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("changes", .integer).notNull()
            }
            try db.create(table: "staff") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("account", .text).notNull().unique()
                t.column("channels", .text).notNull()
                t.column("valid_from", .text)
                t.column("valid_until", .text)
            }
            try db.create(table: "staff_change") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("staff_id", .text).notNull().indexed()
                t.column("field", .text).notNull()
                t.column("old_value", .text)
                t.column("new_value", .text)
                t.column("changed_at", .text).notNull()
                t.column("changed_by", .text).notNull()
            }
        }
        migrator.registerMigration("ledger") { db in
            try db.create(table: "ledger") { t in
                t.primaryKey("seq", .integer)
                t.column("recorded_at", .text).notNull()
                t.column("poster", .text).notNull()
                t.column("via", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("people", .text).notNull()
                t.column("register_rows", .text).notNull()
                t.column("config_version", .text).notNull()
                t.column("original_sha256", .text).notNull()
                t.column("derivative_sha256", .text)
                t.column("derivative_path", .text)
                t.column("perceptual_hash", .text)
                t.column("decision", .text).notNull()
                t.column("reasons", .text).notNull()
                t.column("submission_key", .text).notNull().indexed()
                t.column("previous_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // Append-only: the chain would show an edit, the triggers stop one.
            try db.execute(sql: """
                CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
                """)
        }
        migrator.registerMigration("publication") { db in
            // Beside the chain, not in it: captions can name people.
            try db.create(table: "publication") { t in
                t.primaryKey("seq", .integer).references("ledger")
                t.column("caption", .text).notNull()
                t.column("poster_account", .text).notNull()
            }
        }
        migrator.registerMigration("roles and administration") { db in
            try db.alter(table: "staff") { t in t.add(column: "roles", .text).notNull().defaults(to: "") }
            // Changes of staff, register and settings join the chain: null for a photo's decision.
            try db.alter(table: "ledger") { t in t.add(column: "change", .text) }
        }
        return migrator
    }
}
