extension Schema {
    static let m014Jobs = Migration(id: "2026-11-23-014-jobs", statements: [
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
    ])
}
