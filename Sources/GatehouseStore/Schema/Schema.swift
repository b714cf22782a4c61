/// The tables of Gatehouse, oldest migration first. Every row belongs to a
/// workspace; ids are made in Swift; instants are seconds since 1970 (UTC).
enum Schema {
    static let migrations: [Migration] = [
        Migration(id: "2026-11-22-001-accounts", statements: [
            """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                policy_yaml TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE memberships (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (workspace_id, user_id)
            )
            """,
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                address TEXT,
                user_agent TEXT
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_by TEXT,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE login_failures (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                address TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX login_failures_email ON login_failures (email, at)",
            "CREATE INDEX login_failures_address ON login_failures (address, at)",
            """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT,
                details TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_workspace ON audit_log (workspace_id, at)",
        ]),
        Migration(id: "2026-11-22-002-customers-and-messages", statements: [
            """
            CREATE TABLE customers (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('customer', 'prospect')),
                plan_id TEXT NOT NULL,
                notes TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX customers_workspace_name ON customers (workspace_id, name)",
            """
            CREATE TABLE contact_points (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
                value TEXT NOT NULL,
                UNIQUE (workspace_id, kind, value)
            )
            """,
            "CREATE INDEX contact_points_customer ON contact_points (customer_id)",
            """
            CREATE TABLE conversations (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                subject TEXT NOT NULL,
                channel TEXT NOT NULL,
                status TEXT NOT NULL,
                promised_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                last_message_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX conversations_workspace_recent ON conversations (workspace_id, last_message_at, id)",
            "CREATE INDEX conversations_customer ON conversations (customer_id)",
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
                direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
                channel TEXT NOT NULL,
                header_message_id TEXT,
                content_hash TEXT NOT NULL,
                raw {BLOB} NOT NULL,
                sender TEXT,
                subject TEXT,
                text_body TEXT,
                received_at BIGINT NOT NULL,
                processed_at BIGINT,
                quarantine_reason TEXT,
                UNIQUE (workspace_id, content_hash)
            )
            """,
            "CREATE INDEX messages_conversation ON messages (conversation_id, received_at)",
            "CREATE INDEX messages_header_id ON messages (workspace_id, header_message_id)",
        ]),
        Migration(id: "2026-11-22-003-task-queue", statements: [
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                run_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX tasks_due ON tasks (state, run_at)",
            """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration(id: "2026-11-22-004-setup-tokens", statements: [
            """
            CREATE TABLE setup_tokens (
                token_hash TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration(id: "2026-11-22-005-intake", statements: [
            // What was read from each message, and the triage judgement with its reasons.
            "ALTER TABLE messages ADD COLUMN sender_name TEXT",
            "ALTER TABLE messages ADD COLUMN sent_at BIGINT",
            "ALTER TABLE messages ADD COLUMN new_text TEXT",
            "ALTER TABLE messages ADD COLUMN problems TEXT",
            "ALTER TABLE messages ADD COLUMN automatic_reason TEXT",
            "ALTER TABLE messages ADD COLUMN assessment TEXT",
            // The durable intake queue: received, not yet filed, not quarantined.
            """
            CREATE INDEX messages_unfiled ON messages (workspace_id, received_at)
                WHERE processed_at IS NULL AND quarantine_reason IS NULL
            """,
            """
            CREATE TABLE message_references (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                ref TEXT NOT NULL,
                PRIMARY KEY (message_id, ref)
            )
            """,
            // The quarantine the owner looks through.
            """
            CREATE INDEX messages_quarantined ON messages (workspace_id, received_at)
                WHERE quarantine_reason IS NOT NULL
            """,
            "CREATE INDEX message_references_ref ON message_references (workspace_id, ref)",
            """
            CREATE TABLE attachments (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size BIGINT NOT NULL
            )
            """,
            "CREATE INDEX attachments_message ON attachments (message_id, position)",
            "ALTER TABLE conversations ADD COLUMN subject_key TEXT",
            "ALTER TABLE conversations ADD COLUMN status_token TEXT",
            "ALTER TABLE conversations ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE conversations ADD COLUMN quadrant TEXT",
            "ALTER TABLE conversations ADD COLUMN scope TEXT",
            "ALTER TABLE conversations ADD COLUMN reasons TEXT",
            // A conversation found to be part of another (mail arriving out of order) points there.
            "ALTER TABLE conversations ADD COLUMN merged_into TEXT",
            "CREATE UNIQUE INDEX conversations_status_token ON conversations (status_token)",
            // The conversation list (merged ones left out), usable by the planner before any statistics exist.
            "CREATE INDEX conversations_listed ON conversations (workspace_id, last_message_at, id) WHERE merged_into IS NULL",
            "CREATE INDEX conversations_customer_subject ON conversations (workspace_id, customer_id, subject_key, last_message_at)",
            // A customer's recent conversations (folding follow-ups), and a conversation's messages
            // with the workspace in the key, so the planner never falls back to scanning a workspace.
            "CREATE INDEX conversations_customer_recent ON conversations (workspace_id, customer_id, last_message_at)",
            "CREATE INDEX messages_workspace_conversation ON messages (workspace_id, conversation_id, received_at)",
            // When this customer was last sent an automatic acknowledgement (at most one per period).
            "ALTER TABLE customers ADD COLUMN last_acknowledged_at BIGINT",
        ]),
        Migration(id: "2026-11-22-006-token-scopes", statements: [
            // What a token may do: read and write through the API, or only deliver inbound messages.
            "ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api'",
        ]),
        Migration(id: "2026-11-22-007-form-submissions", statements: [
            // Public contact-form submissions per client address, for the rate limit (kept a day).
            """
            CREATE TABLE form_submissions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                address TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX form_submissions_address ON form_submissions (workspace_id, address, at)",
        ]),
        Migration(id: "2026-11-22-008-webhooks", statements: [
            // Where the owner wants to hear at once about what the policy calls urgent; each
            // delivery is signed with the hook's secret.
            """
            CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                description TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (workspace_id, url)
            )
            """,
            // A workspace's tasks of one kind, newest first (the owner's list of webhook calls).
            "CREATE INDEX tasks_workspace_kind ON tasks (workspace_id, kind, created_at)",
        ]),
        Migration(id: "2026-11-22-009-message-sources", statements: [
            // A message's raw source in a table of its own: filing updates the message row, and in
            // SQLite an update rewrites the whole row, large raw source and all.
            """
            CREATE TABLE message_sources (
                message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
                raw {BLOB} NOT NULL
            )
            """,
            "INSERT INTO message_sources (message_id, raw) SELECT id, raw FROM messages",
            "ALTER TABLE messages ADD COLUMN raw_size BIGINT NOT NULL DEFAULT 0",
            "UPDATE messages SET raw_size = LENGTH(raw)",
            "ALTER TABLE messages DROP COLUMN raw",
        ]),
        Migration(id: "2026-11-22-010-outbox", statements: [
            // The task table grows the states an outbound email can be in (held for the owner to
            // look at again, uncertain after a lost answer, cancelled), the step a delivery had
            // reached, the server's answer, the reason shown to the owner and the conversation.
            "ALTER TABLE tasks RENAME TO tasks_before_outbox",
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'held', 'uncertain', 'cancelled')),
                run_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                phase TEXT,
                outcome TEXT,
                note TEXT,
                conversation_id TEXT
            )
            """,
            """
            INSERT INTO tasks (id, workspace_id, kind, payload, idempotency_key, state, run_at, attempts, lease_owner,
                               lease_expires_at, last_error, created_at, updated_at)
            SELECT id, workspace_id, kind, payload, idempotency_key, state, run_at, attempts, lease_owner,
                   lease_expires_at, last_error, created_at, updated_at
            FROM tasks_before_outbox
            """,
            "DROP TABLE tasks_before_outbox",
            "CREATE INDEX tasks_due ON tasks (state, run_at)",
            "CREATE INDEX tasks_workspace_kind ON tasks (workspace_id, kind, created_at)",
            "CREATE INDEX tasks_conversation ON tasks (conversation_id, state)",
            // How a workspace's mail leaves: an SMTP server (the password sealed with the
            // server's key, never shown back) or the local sendmail command.
            """
            CREATE TABLE mail_settings (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                method TEXT NOT NULL CHECK (method IN ('smtp', 'sendmail')),
                host TEXT,
                port INTEGER,
                security TEXT,
                username TEXT,
                password_sealed TEXT,
                allow_untrusted_certificate INTEGER NOT NULL DEFAULT 0,
                sendmail_path TEXT,
                envelope_sender TEXT,
                updated_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration(id: "2026-11-23-011-corrections", statements: [
            // The owner's corrections of the triage (urgency, importance, scope), kept as written:
            // what it was, what the owner made it, who and when, and why in their words.
            """
            CREATE TABLE corrections (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                field TEXT NOT NULL CHECK (field IN ('urgency', 'importance', 'scope')),
                old_value TEXT NOT NULL,
                new_value TEXT NOT NULL,
                note TEXT NOT NULL,
                actor TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX corrections_conversation ON corrections (conversation_id, at)",
            // Whether the owner judged a conversation important; null until they say so.
            "ALTER TABLE conversations ADD COLUMN important INTEGER",
            // What the owner keeps in mind with a customer: the topics to steer away from.
            "ALTER TABLE customers ADD COLUMN distance_note TEXT NOT NULL DEFAULT ''",
        ]),
        Migration(id: "2026-11-23-012-inbox-indexes", statements: [
            // A conversation no triage has placed is answered in turn, like the someday ones.
            "UPDATE conversations SET quadrant = 'someday' WHERE quadrant IS NULL",
            // The inbox: a quadrant's open conversations, the earliest promise first (those without
            // one last), and the count per quadrant, read from the index alone.
            """
            CREATE INDEX conversations_inbox ON conversations
                (workspace_id, status, quadrant, (coalesce(promised_at, 9000000000000)), id)
                WHERE merged_into IS NULL
            """,
            // Today: the promises falling due.
            """
            CREATE INDEX conversations_promises ON conversations (workspace_id, status, promised_at)
                WHERE merged_into IS NULL
            """,
        ]),
        Migration(id: "2026-11-23-013-time-entries", statements: [
            // The owner's time, customer by customer: by hand, from replies and from calls.
            """
            CREATE TABLE time_entries (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
                user_id TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT NOT NULL CHECK (ended_at > started_at),
                billable INTEGER NOT NULL,
                urgent INTEGER NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('manual', 'reply', 'session')),
                note TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX time_entries_customer ON time_entries (workspace_id, customer_id, started_at)",
            "CREATE INDEX time_entries_when ON time_entries (workspace_id, started_at)",
            "CREATE INDEX time_entries_user ON time_entries (workspace_id, user_id, started_at)",
        ]),
        Migration(id: "2026-11-23-014-jobs", statements: [
            // A job for a customer: what was agreed (its items), the price, the time frame and the next
            // step. The customer agrees on a page whose address holds an unguessable token.
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'in_progress', 'done', 'cancelled')),
                price_kind TEXT NOT NULL CHECK (price_kind IN ('fixed', 'hourly')),
                price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
                estimate_minutes BIGINT,
                service_id TEXT,
                starts_on TEXT,
                ends_on TEXT,
                duration_days INTEGER,
                next_step TEXT NOT NULL,
                next_step_owner TEXT NOT NULL CHECK (next_step_owner IN ('us', 'customer')),
                agreement_token TEXT UNIQUE,
                summary_sent_at BIGINT,
                agreed_at BIGINT,
                agreed_address TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX jobs_customer ON jobs (workspace_id, customer_id, status)",
            // A job's scope, item by item: what is included and, just as plainly, what is not.
            // Items added by an accepted change order point at it.
            """
            CREATE TABLE job_items (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('included', 'excluded')),
                text TEXT NOT NULL,
                position INTEGER NOT NULL,
                change_order_id TEXT
            )
            """,
            "CREATE INDEX job_items_job ON job_items (job_id, position)",
            // One extra item asked for outside the agreed scope, priced as one amount (from a service's
            // rate and an estimate, or quoted; none yet while the owner has to quote), with its effect on
            // the time frame and the kind question; the customer accepts or declines it on its own page.
            """
            CREATE TABLE change_orders (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
                item TEXT NOT NULL,
                price_cents BIGINT CHECK (price_cents >= 0),
                estimate_minutes BIGINT,
                service_id TEXT,
                extra_days INTEGER NOT NULL,
                message TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'withdrawn')),
                token TEXT UNIQUE,
                sent_at BIGINT,
                decided_at BIGINT,
                decided_address TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX change_orders_job ON change_orders (job_id, created_at)",
            "CREATE INDEX change_orders_decided ON change_orders (workspace_id, status, decided_at)",
            // Requests the owner sent to a partner instead of taking on.
            """
            CREATE TABLE referrals_made (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
                partner TEXT NOT NULL,
                topic TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX referrals_made_when ON referrals_made (workspace_id, created_at)",
            // Money a customer owes beyond the plan's fee: an agreed job, an accepted change order,
            // an additional charge past the allowance. The monthly report adds these to the fees.
            """
            CREATE TABLE charges (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
                change_order_id TEXT REFERENCES change_orders(id) ON DELETE SET NULL,
                kind TEXT NOT NULL CHECK (kind IN ('job', 'change_order', 'additional')),
                description TEXT NOT NULL,
                amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
                charged_at BIGINT NOT NULL,
                UNIQUE (change_order_id)
            )
            """,
            "CREATE INDEX charges_when ON charges (workspace_id, charged_at, customer_id)",
            // Time spent on a job counts for it as well as for its customer.
            "ALTER TABLE time_entries ADD COLUMN job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL",
        ]),
        Migration(id: "2026-11-23-015-appointments", statements: [
            // Calls, meetings and site visits on the owner's day. One that runs into a focus block,
            // the emergency buffer or closed hours is kept only with the owner's reason, and the
            // collisions it was booked over are kept beside it, in words.
            """
            CREATE TABLE appointments (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT REFERENCES customers(id) ON DELETE SET NULL,
                kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'site_visit')),
                title TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
                place TEXT NOT NULL,
                agenda TEXT NOT NULL,
                override_reason TEXT,
                collisions TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
                cancelled_at BIGINT,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX appointments_when ON appointments (workspace_id, starts_at)",
            // The owner's calendar feed, one per person and workspace; only the link's hash is kept.
            """
            CREATE TABLE calendar_feeds (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (workspace_id, user_id)
            )
            """,
            // A time-boxed call, meeting or site visit with a customer: its box, agenda and notes,
            // the quality-time checklist, how it ended and the time entry it wrote. A session left
            // running is closed by the desk and flagged for the owner to check.
            """
            CREATE TABLE work_sessions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
                appointment_id TEXT REFERENCES appointments(id) ON DELETE SET NULL,
                user_id TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'site_visit')),
                started_at BIGINT NOT NULL,
                box_minutes INTEGER NOT NULL CHECK (box_minutes > 0),
                box_reasons TEXT NOT NULL,
                opening_line TEXT NOT NULL,
                agenda TEXT NOT NULL,
                notes TEXT NOT NULL,
                purpose_agreed INTEGER NOT NULL,
                process_explained INTEGER NOT NULL,
                next_step_agreed INTEGER NOT NULL,
                ended_at BIGINT,
                ended_how TEXT CHECK (ended_how IN ('owner', 'overnight')),
                flagged INTEGER NOT NULL,
                problem TEXT,
                time_entry_id TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX work_sessions_running ON work_sessions (workspace_id, started_at) WHERE ended_at IS NULL",
            "CREATE INDEX work_sessions_flagged ON work_sessions (workspace_id, flagged)",
        ]),
        Migration(id: "2026-11-23-016-report-indexes", statements: [
            // The monthly report sums each customer's time (billable and urgent apart) from the index
            // alone, already in customer order: with 200,000 entries in a month, SQLite otherwise
            // fetched every row and sorted them all for the grouping (about 6× the work; see
            // BENCHMARKS.md).
            """
            CREATE INDEX time_entries_report
                ON time_entries (workspace_id, customer_id, started_at, ended_at, billable, urgent)
            """,
        ]),
        Migration(id: "2026-11-23-017-time-day-totals", statements: [
            // Each customer's recorded time per UTC day, kept up to date as entries are written: a
            // month's report adds up about 30 rows a customer instead of every entry (the days cut
            // by the business's local month boundary are read from the entries themselves).
            """
            CREATE TABLE time_day_totals (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                day BIGINT NOT NULL,
                total BIGINT NOT NULL,
                billable BIGINT NOT NULL,
                urgent BIGINT NOT NULL,
                PRIMARY KEY (workspace_id, day, customer_id)
            )
            """,
            """
            INSERT INTO time_day_totals (workspace_id, customer_id, day, total, billable, urgent)
            SELECT workspace_id, customer_id, started_at / 86400, sum(ended_at - started_at),
                   sum(billable * (ended_at - started_at)), sum(urgent * (ended_at - started_at))
            FROM time_entries GROUP BY workspace_id, customer_id, started_at / 86400
            """,
        ]),
    ]
}
