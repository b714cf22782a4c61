extension Schema {
    static let m015Appointments = Migration(id: "2026-11-23-015-appointments", statements: [
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
    ])
}
