//! The workbook's schema and its forward-only migrations (`PRAGMA user_version`).
//!
//! Version 0 is the foundation's empty workbook (only the `application_id`). Each later
//! version adds one concept's tables; a migration never edits or drops what an earlier one
//! made, so every workbook ever written can be brought forward. The one exception is a table
//! rebuilt to widen a CHECK SQLite cannot alter (V11, `committee_draft`): its rows and
//! columns are copied unchanged and its indexes and triggers re-created. Constraints live in the
//! database (foreign keys, CHECKs, NOT NULL, triggers) as well as in code, so a row that
//! breaks a rule cannot be stored even by a caller that skips the Rust checks.
//!
//! A later migration that changes the columns of an audited table must also append re-image
//! events (see `audit`), otherwise `verify` would report every altered row as edited outside Ratebook.

use rusqlite_migration::{Migrations, M};

/// The global long-term symbols accepted in rating columns, as SQL. A unit test checks it
/// against `ratebook_core::scale::GlobalRating::ALL`.
macro_rules! global_symbols {
    () => {
        "'AAA','AA+','AA','AA-','A+','A','A-','BBB+','BBB','BBB-','BB+','BB','BB-','B+','B','B-','CCC+','CCC','CCC-','CC','C','SD','D'"
    };
}

/// Version 1: the audit chain (C-5) and methodology documents (C-7).
const V1_AUDIT_AND_METHODOLOGY: &str = r#"
CREATE TABLE audit_event (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    at        TEXT NOT NULL CHECK (length(at) >= 20),
    actor     TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    action    TEXT NOT NULL CHECK (action IN ('insert', 'update')),
    tbl       TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    before    TEXT CHECK (before IS NULL OR json_valid(before)),
    after     TEXT NOT NULL CHECK (json_valid(after)),
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    CHECK ((action = 'insert') = (before IS NULL))
);
CREATE INDEX audit_event_row ON audit_event (tbl, row_id, seq);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit events are never changed (C-5)'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit events are never deleted (C-5)'); END;

CREATE TABLE methodology_version (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (length(kind) > 0),
    methodology    TEXT NOT NULL CHECK (length(methodology) > 0),
    version        TEXT NOT NULL CHECK (length(version) > 0),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'retired')),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    source         TEXT NOT NULL,
    basis          TEXT NOT NULL CHECK (length(basis) > 0),
    format         TEXT NOT NULL CHECK (format IN ('toml', 'json')),
    body           TEXT NOT NULL,
    body_sha256    TEXT NOT NULL CHECK (length(body_sha256) = 64),
    UNIQUE (methodology, version)
);
CREATE INDEX methodology_version_kind ON methodology_version (kind, effective_date);
CREATE TRIGGER methodology_version_no_delete BEFORE DELETE ON methodology_version
BEGIN SELECT RAISE(ABORT, 'rows are never deleted from a workbook (C-5); record a correction instead'); END;
CREATE TRIGGER methodology_version_frozen BEFORE UPDATE ON methodology_version
WHEN OLD.state <> 'draft' AND (NEW.body IS NOT OLD.body OR NEW.body_sha256 IS NOT OLD.body_sha256
    OR NEW.methodology IS NOT OLD.methodology OR NEW.version IS NOT OLD.version
    OR NEW.kind IS NOT OLD.kind OR NEW.effective_date IS NOT OLD.effective_date)
BEGIN SELECT RAISE(ABORT, 'an approved or retired methodology version is frozen (C-7); file a new version'); END;
CREATE TRIGGER methodology_version_lifecycle BEFORE UPDATE OF state ON methodology_version
WHEN NOT (OLD.state = NEW.state
    OR (OLD.state = 'draft' AND NEW.state IN ('approved', 'retired'))
    OR (OLD.state = 'approved' AND NEW.state = 'retired'))
BEGIN SELECT RAISE(ABORT, 'methodology state may only go draft -> approved -> retired (C-7)'); END;
"#;

/// Version 2: sovereigns, issuers and their issues (SPEC §3).
const V2_ENTITIES: &str = concat!(
    r#"
CREATE TABLE sovereign (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 3 AND code = upper(code)),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    currency  TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    global_lc TEXT CHECK (global_lc IN ("#,
    global_symbols!(),
    r#")),
    global_fc TEXT CHECK (global_fc IN ("#,
    global_symbols!(),
    r#")),
    fictional INTEGER NOT NULL CHECK (fictional IN (0, 1))
);
CREATE TABLE issuer (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sector         TEXT NOT NULL CHECK (sector IN ('corporate', 'bank', 'insurer', 'nohc', 'utility',
                       'infrastructure', 'public-finance', 'project-finance', 'structured-finance', 'fund')),
    country        TEXT NOT NULL CHECK (length(country) BETWEEN 2 AND 3 AND country = upper(country)),
    sovereign_id   INTEGER REFERENCES sovereign (id),
    national_scale TEXT,
    global_lc      TEXT CHECK (global_lc IN ("#,
    global_symbols!(),
    r#")),
    global_fc      TEXT CHECK (global_fc IN ("#,
    global_symbols!(),
    r#")),
    peer_position  TEXT CHECK (peer_position IN ('upper', 'middle', 'lower')),
    fictional      INTEGER NOT NULL CHECK (fictional IN (0, 1))
);
-- Covering index for the issuer list: a page ordered by name reads index pages only
-- (keyset pagination), whatever the number of issuers.
CREATE INDEX issuer_name ON issuer (name, id, code, sector, country, sovereign_id,
    national_scale, global_lc, global_fc, peer_position, fictional);
CREATE INDEX issuer_sovereign ON issuer (sovereign_id);
CREATE TABLE issue (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    issuer_id         INTEGER NOT NULL REFERENCES issuer (id),
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    seniority         TEXT NOT NULL CHECK (seniority IN ('senior-secured', 'senior-unsecured',
                          'subordinated', 'junior-subordinated', 'hybrid')),
    currency          TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    foreign_currency  INTEGER NOT NULL CHECK (foreign_currency IN (0, 1)),
    recovery_rating   TEXT CHECK (recovery_rating IN ('1+', '1', '2', '3', '4', '5', '6')),
    amount            TEXT CHECK (amount NOT GLOB '*[^0-9.]*' AND amount GLOB '*[0-9]*'),
    maturity          TEXT CHECK (date(maturity) IS maturity)
);
CREATE INDEX issue_issuer ON issue (issuer_id, id);
"#
);

/// Version 3: titularizaciones with classes, cash flows, history series, mechanisms and
/// factor assessments (SPEC §4). Money and scores are exact decimals kept as text.
const V3_TITULARIZACION: &str = r#"
CREATE TABLE titularizacion (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
    asset_type          TEXT NOT NULL CHECK (asset_type IN ('cartera_credito', 'bienes_inmuebles',
                            'proyectos_inmobiliarios', 'flujos_futuros')),
    originator          TEXT NOT NULL,
    fiduciary           TEXT NOT NULL,
    currency            TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    amount              TEXT NOT NULL CHECK (amount NOT GLOB '*[^0-9.]*' AND amount GLOB '*[0-9]*'),
    issued_on           TEXT CHECK (date(issued_on) IS issued_on),
    info_cutoff         TEXT CHECK (date(info_cutoff) IS info_cutoff),
    index_kind          TEXT NOT NULL CHECK (index_kind IN ('siniestralidad', 'desviacion')),
    index_formula       TEXT NOT NULL CHECK (length(index_formula) > 0),
    index_window_months INTEGER NOT NULL CHECK (index_window_months BETWEEN 1 AND 240),
    fictional           INTEGER NOT NULL CHECK (fictional IN (0, 1))
);
CREATE TABLE titularizacion_class (
    id                INTEGER PRIMARY KEY,
    titularizacion_id INTEGER NOT NULL REFERENCES titularizacion (id),
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    priority          INTEGER NOT NULL CHECK (priority >= 1),
    amount            TEXT NOT NULL CHECK (amount NOT GLOB '*[^0-9.]*' AND amount GLOB '*[0-9]*'),
    rate              TEXT NOT NULL CHECK (rate NOT GLOB '*[^0-9.]*' AND rate GLOB '*[0-9]*'),
    term_days         INTEGER NOT NULL CHECK (term_days > 0),
    amortization      TEXT NOT NULL,
    UNIQUE (titularizacion_id, name)
);
CREATE TABLE cash_flow (
    id                INTEGER PRIMARY KEY,
    titularizacion_id INTEGER NOT NULL REFERENCES titularizacion (id),
    line              TEXT NOT NULL CHECK (line IN ('inflow', 'interest', 'principal')),
    class_id          INTEGER REFERENCES titularizacion_class (id),
    period            INTEGER NOT NULL CHECK (period >= 1),
    due_on            TEXT NOT NULL CHECK (date(due_on) IS due_on),
    amount            TEXT NOT NULL CHECK (amount NOT GLOB '*[^0-9.]*' AND amount GLOB '*[0-9]*'),
    CHECK ((line = 'inflow') = (class_id IS NULL))
);
CREATE UNIQUE INDEX cash_flow_key ON cash_flow (titularizacion_id, line, ifnull(class_id, 0), period);
CREATE TABLE history_point (
    id                INTEGER PRIMARY KEY,
    titularizacion_id INTEGER NOT NULL REFERENCES titularizacion (id),
    series            TEXT NOT NULL CHECK (series IN ('portfolio', 'overdue', 'defaulted',
                          'collected', 'projected', 'sales', 'prepaid')),
    period            TEXT NOT NULL CHECK (date(period) IS period),
    value             TEXT NOT NULL CHECK (value NOT GLOB '*[^0-9.]*' AND value GLOB '*[0-9]*'),
    UNIQUE (titularizacion_id, series, period)
);
CREATE TABLE mechanism (
    id                INTEGER PRIMARY KEY,
    titularizacion_id INTEGER NOT NULL REFERENCES titularizacion (id),
    kind              TEXT NOT NULL CHECK (kind IN ('subordination', 'overcollateralisation',
                          'excess_spread', 'asset_substitution', 'credit_line', 'guarantee',
                          'bank_guarantee_insurance', 'pledge_mortgage', 'guarantee_trust',
                          'reserve_fund', 'other')),
    description       TEXT NOT NULL,
    amount            TEXT NOT NULL CHECK (amount NOT GLOB '*[^0-9.]*' AND amount GLOB '*[0-9]*'),
    order_of_use      INTEGER NOT NULL CHECK (order_of_use >= 1),
    UNIQUE (titularizacion_id, order_of_use)
);
CREATE TABLE factor_assessment (
    id                     INTEGER PRIMARY KEY,
    titularizacion_id      INTEGER NOT NULL REFERENCES titularizacion (id),
    factor                 TEXT NOT NULL CHECK (factor IN ('2.1', '2.2', '2.3', '2.4', '2.5',
                               '2.6', '2.7', '2.8', '2.9')),
    assessed_on            TEXT NOT NULL CHECK (date(assessed_on) IS assessed_on),
    score                  TEXT NOT NULL CHECK (score NOT GLOB '*[^0-9.]*' AND score GLOB '*[0-9]*'),
    checklist              TEXT NOT NULL CHECK (json_valid(checklist) AND json_type(checklist) = 'array'),
    evidence               TEXT NOT NULL,
    documents              TEXT NOT NULL CHECK (json_valid(documents) AND json_type(documents) = 'array'),
    methodology_version_id INTEGER REFERENCES methodology_version (id),
    UNIQUE (titularizacion_id, factor, assessed_on)
);
"#;

/// Version 4: committee members, sessions, attendance, agenda, votes, decisions with
/// version links and report files with their SHA-256 (SPEC §5, C-1…C-6).
const V4_COMMITTEE: &str = r#"
CREATE TABLE member (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    title              TEXT NOT NULL,
    role               TEXT NOT NULL CHECK (role IN ('analyst', 'voting_member', 'chair',
                           'secretary', 'general_manager')),
    certificate_sha256 TEXT CHECK (certificate_sha256 IS NULL OR length(certificate_sha256) = 64),
    fictional          INTEGER NOT NULL CHECK (fictional IN (0, 1))
);
CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    number       INTEGER NOT NULL CHECK (number >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('ordinaria', 'extraordinaria')),
    held_on      TEXT NOT NULL CHECK (date(held_on) IS held_on AND CAST(substr(held_on, 1, 4) AS INTEGER) = year),
    secretary_id INTEGER NOT NULL REFERENCES member (id),
    UNIQUE (year, number)
);
CREATE TABLE attendance (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session (id),
    member_id  INTEGER NOT NULL REFERENCES member (id),
    UNIQUE (session_id, member_id)
);
CREATE TABLE agenda_item (
    id                     INTEGER PRIMARY KEY,
    session_id             INTEGER NOT NULL REFERENCES session (id),
    position               INTEGER NOT NULL CHECK (position >= 1),
    subject_kind           TEXT NOT NULL CHECK (subject_kind IN ('issuer', 'issue', 'titularizacion', 'class')),
    issuer_id              INTEGER REFERENCES issuer (id),
    issue_id               INTEGER REFERENCES issue (id),
    titularizacion_id      INTEGER REFERENCES titularizacion (id),
    class_id               INTEGER REFERENCES titularizacion_class (id),
    methodology_version_id INTEGER NOT NULL REFERENCES methodology_version (id),
    indicative_rating      TEXT,
    indicative_result      TEXT CHECK (indicative_result IS NULL OR json_valid(indicative_result)),
    recommendation         TEXT NOT NULL CHECK (length(trim(recommendation)) > 0),
    analyst_id             INTEGER NOT NULL REFERENCES member (id),
    UNIQUE (session_id, position),
    CHECK ((issuer_id IS NOT NULL) + (issue_id IS NOT NULL) + (titularizacion_id IS NOT NULL) + (class_id IS NOT NULL) = 1),
    CHECK ((subject_kind = 'issuer') = (issuer_id IS NOT NULL)
       AND (subject_kind = 'issue') = (issue_id IS NOT NULL)
       AND (subject_kind = 'titularizacion') = (titularizacion_id IS NOT NULL)
       AND (subject_kind = 'class') = (class_id IS NOT NULL))
);
CREATE TABLE vote (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (id),
    member_id      INTEGER NOT NULL REFERENCES member (id),
    rating         TEXT NOT NULL CHECK (length(trim(rating)) > 0),
    comment        TEXT,
    UNIQUE (agenda_item_id, member_id)
);
CREATE TRIGGER vote_sealed BEFORE UPDATE ON vote
BEGIN SELECT RAISE(ABORT, 'a cast vote is never changed (C-2)'); END;
CREATE TABLE decision (
    id                     INTEGER PRIMARY KEY,
    agenda_item_id         INTEGER NOT NULL REFERENCES agenda_item (id),
    version                INTEGER NOT NULL CHECK (version >= 1),
    previous_id            INTEGER UNIQUE REFERENCES decision (id),
    rating                 TEXT NOT NULL CHECK (length(trim(rating)) > 0),
    short_term             TEXT,
    outlook                TEXT CHECK (outlook IN ('Stable', 'Positive', 'Negative', 'Developing')),
    watch                  TEXT CHECK (watch IN ('Watch Pos', 'Watch Neg', 'Watch Dev')),
    action                 TEXT NOT NULL CHECK (action IN ('new', 'affirmation', 'upgrade',
                               'downgrade', 'watch', 'withdrawal')),
    solicited              INTEGER NOT NULL CHECK (solicited IN (0, 1)),
    issuer_participation   INTEGER NOT NULL CHECK (issuer_participation IN (0, 1)),
    lead_analyst_id        INTEGER NOT NULL REFERENCES member (id),
    methodology_version_id INTEGER NOT NULL REFERENCES methodology_version (id),
    info_cutoff            TEXT NOT NULL CHECK (date(info_cutoff) IS info_cutoff),
    sources                TEXT NOT NULL,
    key_assumptions        TEXT NOT NULL,
    decided_on             TEXT NOT NULL CHECK (date(decided_on) IS decided_on),
    published_on           TEXT CHECK (date(published_on) IS published_on),
    override_code          TEXT,
    override_justification TEXT,
    override_factors       TEXT CHECK (override_factors IS NULL OR json_valid(override_factors)),
    override_notches       INTEGER,
    CHECK ((version = 1) = (previous_id IS NULL)),
    CHECK ((override_code IS NULL) = (override_justification IS NULL)
       AND (override_code IS NULL) = (override_notches IS NULL)),
    CHECK (override_justification IS NULL OR length(trim(override_justification)) > 0)
);
CREATE UNIQUE INDEX decision_item_version ON decision (agenda_item_id, version);
CREATE TABLE decision_approver (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decision (id),
    member_id   INTEGER NOT NULL REFERENCES member (id),
    UNIQUE (decision_id, member_id)
);
CREATE TABLE report_file (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('committee_report', 'acta')),
    decision_id  INTEGER REFERENCES decision (id),
    session_id   INTEGER REFERENCES session (id),
    language     TEXT NOT NULL CHECK (language IN ('es', 'en')),
    file_name    TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    signed_by    INTEGER REFERENCES member (id),
    signed_at    TEXT,
    chain_head   TEXT CHECK (chain_head IS NULL OR length(chain_head) = 64),
    CHECK ((kind = 'committee_report') = (decision_id IS NOT NULL)),
    CHECK ((kind = 'acta') = (session_id IS NOT NULL)),
    CHECK ((signed_by IS NULL) = (signed_at IS NULL) AND (signed_by IS NULL) = (chain_head IS NULL))
);
CREATE INDEX report_file_decision ON report_file (decision_id);
CREATE TRIGGER report_file_signed_frozen BEFORE UPDATE ON report_file
WHEN OLD.signed_by IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed report file is never changed (C-4)'); END;
CREATE TRIGGER decision_signed_frozen BEFORE UPDATE ON decision
WHEN EXISTS (SELECT 1 FROM report_file r WHERE r.decision_id = OLD.id AND r.signed_by IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'decision is signed and immutable (C-4); record a new decision version'); END;
CREATE TRIGGER decision_approved_methodology BEFORE INSERT ON decision
WHEN (SELECT state FROM methodology_version WHERE id = NEW.methodology_version_id) IS NOT 'approved'
BEGIN SELECT RAISE(ABORT, 'decisions use approved methodology versions only (C-7)'); END;
CREATE TRIGGER decision_approver_signed_frozen BEFORE INSERT ON decision_approver
WHEN EXISTS (SELECT 1 FROM report_file r WHERE r.decision_id = NEW.decision_id AND r.signed_by IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'decision is signed and immutable (C-4); record a new decision version'); END;
"#;

/// V5 (issue 6): what the committee workflow needs beyond the V4 records — the date each
/// methodology version changed state (C-7), the ratings placed under observation by an
/// approval with their review deadline (C-7, C-8), and each decision's full record as the
/// core computed it (votes, tally, override, C-6 record, trace) for history and surveillance.
const V5_COMMITTEE_WORKFLOW: &str = r#"
CREATE TABLE methodology_transition (
    id                     INTEGER PRIMARY KEY,
    methodology_version_id INTEGER NOT NULL REFERENCES methodology_version (id),
    state                  TEXT NOT NULL CHECK (state IN ('approved', 'retired')),
    on_date                TEXT NOT NULL CHECK (date(on_date) IS on_date),
    UNIQUE (methodology_version_id, state)
);
CREATE TABLE observation (
    id                     INTEGER PRIMARY KEY,
    methodology_version_id INTEGER NOT NULL REFERENCES methodology_version (id),
    subject                TEXT NOT NULL CHECK (json_valid(subject)),
    subject_id             TEXT NOT NULL CHECK (length(trim(subject_id)) > 0),
    current_rating         TEXT NOT NULL,
    candidate_rating       TEXT NOT NULL,
    placed_on              TEXT NOT NULL CHECK (date(placed_on) IS placed_on),
    review_by              TEXT NOT NULL CHECK (date(review_by) IS review_by AND review_by >= placed_on),
    UNIQUE (methodology_version_id, subject_id)
);
CREATE TABLE decision_record (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL UNIQUE REFERENCES decision (id),
    record      TEXT NOT NULL CHECK (json_valid(record))
);
CREATE TRIGGER decision_record_frozen BEFORE UPDATE ON decision_record
BEGIN SELECT RAISE(ABORT, 'a decision record is never changed (C-4); record a new decision version'); END;
"#;

/// V6 (issue 8): the analyst's inputs to the national engine that an issuer's row does not
/// hold (SPEC N-4…N-7): the chosen option or the expected transition, the holistic
/// adjustment with its rationale, the ratings-above-the-sovereign stress-test flag and the
/// alternative short-term mapping. One row per issuer, edited in place and audited like any
/// other row. Whether a value is accepted (the holistic range, an option listed at the
/// issuer's global level) is the engine's rule, checked before writing; the database keeps
/// only the shape.
const V6_ISSUER_ANALYST_INPUT: &str = r#"
CREATE TABLE issuer_analyst_input (
    id                            INTEGER PRIMARY KEY,
    issuer_id                     INTEGER NOT NULL UNIQUE REFERENCES issuer (id),
    chosen_option                 TEXT CHECK (chosen_option IS NULL OR
                                      (length(trim(chosen_option)) > 0 AND chosen_option = trim(chosen_option))),
    expected_transition           TEXT CHECK (expected_transition IN ('Stable', 'Positive', 'Negative', 'Developing')),
    holistic_notches              INTEGER CHECK (holistic_notches IS NULL OR typeof(holistic_notches) = 'integer'),
    holistic_rationale            TEXT,
    above_sovereign_stress_passed INTEGER NOT NULL CHECK (above_sovereign_stress_passed IN (0, 1)),
    liquidity_alternative         INTEGER NOT NULL CHECK (liquidity_alternative IN (0, 1)),
    CHECK (holistic_notches IS NOT NULL OR holistic_rationale IS NULL)
);
"#;

/// V7 (issue 8): indexes for the app's issuer list at 100,000 rows — a page ordered by sector
/// or by global rating, and the national scales its filter offers, read an index instead of
/// sorting or scanning every issuer. The rating order is the expression the list sorts by
/// (`issuer_list::global_rank_sql`), so SQLite can use the index for it.
fn v7_issuer_list_indexes() -> String {
    format!(
        "CREATE INDEX issuer_sector ON issuer (sector, id);\n\
         CREATE INDEX issuer_national_scale ON issuer (national_scale, id);\n\
         CREATE INDEX issuer_global_rank ON issuer (({}), id);\n",
        crate::issuer_list::global_rank_sql("global_lc")
    )
}

/// V8 (issue 8, the app's committee section): a session being prepared in the window, kept
/// in the workbook so that closing the app loses nothing. `body` is the draft as the
/// workbench writes it (set-up, attendance, agenda items, sealed votes, overrides); each
/// action rewrites it in one audited transaction. Closing the draft runs it through the
/// same session run as the CLI and marks it `closed`; a closed draft never changes again.
const V8_COMMITTEE_DRAFT: &str = r#"
CREATE TABLE committee_draft (
    id     INTEGER PRIMARY KEY,
    label  TEXT NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
    state  TEXT NOT NULL CHECK (state IN ('preparing', 'closed')),
    body   TEXT NOT NULL CHECK (json_valid(body))
);
CREATE TRIGGER committee_draft_closed_frozen BEFORE UPDATE ON committee_draft
WHEN OLD.state = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed session draft is never changed (C-2); its session is recorded'); END;
"#;

/// V9 (issue 8, titularizaciones on the app's committee agenda): the analysis a deal is
/// rated with, recorded from its screen (`titularizacion_analysis`). `body` is the
/// workbench's analysis document (information validity, índice variant and base, priority of
/// payments, recovery, stress scenarios, Monte Carlo parameters); one row per deal, edited in
/// place and audited like any other row.
const V9_TITULARIZACION_ANALYSIS: &str = r#"
CREATE TABLE titularizacion_analysis (
    id                INTEGER PRIMARY KEY,
    titularizacion_id INTEGER NOT NULL UNIQUE REFERENCES titularizacion (id),
    body              TEXT NOT NULL CHECK (json_valid(body) AND json_type(body) = 'object')
);
"#;

/// V10 (issue 8): indexes for the app's titularizaciones list at 100,000 deals, one per order
/// it offers (`titularizacion_list`), so a page reads an index instead of sorting every deal:
/// by code a covering index (the default order reads index pages only, and a search on
/// code, name or originator scans it without touching the table), by name, by asset type
/// (also the asset-type filter) and by amount, whose key is the expression the list sorts by
/// (`titularizacion_list::amount_key_sql`), so SQLite can use the index for it.
fn v10_titularizacion_list_indexes() -> String {
    format!(
        "CREATE INDEX titularizacion_code_list ON titularizacion (code, id, name, originator,\n    \
         asset_type, currency, amount, info_cutoff);\n\
         CREATE INDEX titularizacion_name ON titularizacion (name, id);\n\
         CREATE INDEX titularizacion_asset_type ON titularizacion (asset_type, id);\n\
         CREATE INDEX titularizacion_amount ON titularizacion (({}), id);\n",
        crate::titularizacion_list::amount_key_sql("amount")
    )
}

/// V11: a session draft set up by mistake (wrong date, wrong agenda) can be abandoned, with
/// the reason why; nothing is deleted. SQLite cannot alter a CHECK, so `committee_draft` is
/// rebuilt with `state` also accepting 'abandoned' (create, copy, drop, rename, inside the
/// migration's transaction), its columns unchanged so every row still equals its latest
/// audited after-image. Its label is unique among drafts not abandoned (a partial index
/// replaces V8's UNIQUE), so a session abandoned may be prepared again under its number. The
/// reason is one audited row of `committee_draft_abandonment` (who and when are its audit
/// event's); a draft is abandoned exactly when that row exists, only from 'preparing', and
/// never changes again. V8's triggers are re-created as they were.
const V11_COMMITTEE_DRAFT_ABANDON: &str = r#"
CREATE TABLE committee_draft_v11 (
    id     INTEGER PRIMARY KEY,
    label  TEXT NOT NULL CHECK (length(trim(label)) > 0),
    state  TEXT NOT NULL CHECK (state IN ('preparing', 'closed', 'abandoned')),
    body   TEXT NOT NULL CHECK (json_valid(body))
);
INSERT INTO committee_draft_v11 (id, label, state, body)
    SELECT id, label, state, body FROM committee_draft ORDER BY id;
DROP TABLE committee_draft;
ALTER TABLE committee_draft_v11 RENAME TO committee_draft;
CREATE UNIQUE INDEX committee_draft_label ON committee_draft (label) WHERE state <> 'abandoned';
CREATE TRIGGER committee_draft_closed_frozen BEFORE UPDATE ON committee_draft
WHEN OLD.state = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed session draft is never changed (C-2); its session is recorded'); END;
CREATE TRIGGER committee_draft_abandoned_frozen BEFORE UPDATE ON committee_draft
WHEN OLD.state = 'abandoned'
BEGIN SELECT RAISE(ABORT, 'an abandoned session draft is never changed (C-5); start a new draft for the session'); END;
CREATE TRIGGER committee_draft_starts_preparing BEFORE INSERT ON committee_draft
WHEN NEW.state IS NOT 'preparing'
BEGIN SELECT RAISE(ABORT, 'a session draft starts in preparation (C-2)'); END;
CREATE TABLE committee_draft_abandonment (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL UNIQUE REFERENCES committee_draft (id),
    reason   TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE TRIGGER committee_draft_abandonment_of_preparing BEFORE INSERT ON committee_draft_abandonment
WHEN (SELECT state FROM committee_draft WHERE id = NEW.draft_id) IS NOT 'preparing'
BEGIN SELECT RAISE(ABORT, 'only a session draft in preparation is abandoned (C-5)'); END;
CREATE TRIGGER committee_draft_abandonment_frozen BEFORE UPDATE ON committee_draft_abandonment
BEGIN SELECT RAISE(ABORT, 'the reason a session draft was abandoned is never changed (C-5)'); END;
CREATE TRIGGER committee_draft_abandoned_with_reason BEFORE UPDATE ON committee_draft
WHEN OLD.state = 'preparing' AND (NEW.state = 'abandoned') IS NOT EXISTS
    (SELECT 1 FROM committee_draft_abandonment a WHERE a.draft_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a session draft is abandoned exactly when the reason is recorded (C-5)'); END;
"#;

/// Tables whose every row is covered by the audit chain, in dependency order.
pub const AUDITED_TABLES: &[&str] = &[
    "methodology_version",
    "sovereign",
    "issuer",
    "issue",
    "titularizacion",
    "titularizacion_class",
    "cash_flow",
    "history_point",
    "mechanism",
    "factor_assessment",
    "member",
    "session",
    "attendance",
    "agenda_item",
    "vote",
    "decision",
    "decision_approver",
    "report_file",
    "methodology_transition",
    "observation",
    "decision_record",
    "issuer_analyst_input",
    "committee_draft",
    "titularizacion_analysis",
    "committee_draft_abandonment",
];

/// `BEFORE DELETE` triggers that refuse deleting rows of the given tables (C-5).
fn no_delete_triggers(tables: &[&str]) -> String {
    tables
        .iter()
        .map(|t| {
            format!(
                "CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, \
                 'rows are never deleted from a workbook (C-5); record a correction instead'); END;\n"
            )
        })
        .collect()
}

/// The SQL of every migration, oldest first. Index `i` brings a workbook from version `i`
/// to version `i + 1`.
pub fn migration_sql() -> Vec<String> {
    vec![
        V1_AUDIT_AND_METHODOLOGY.to_string(),
        format!(
            "{V2_ENTITIES}{}",
            no_delete_triggers(&["sovereign", "issuer", "issue"])
        ),
        format!(
            "{V3_TITULARIZACION}{}",
            no_delete_triggers(&[
                "titularizacion",
                "titularizacion_class",
                "cash_flow",
                "history_point",
                "mechanism",
                "factor_assessment",
            ])
        ),
        format!(
            "{V4_COMMITTEE}{}",
            no_delete_triggers(&[
                "member",
                "session",
                "attendance",
                "agenda_item",
                "vote",
                "decision",
                "decision_approver",
                "report_file",
            ])
        ),
        format!(
            "{V5_COMMITTEE_WORKFLOW}{}",
            no_delete_triggers(&["methodology_transition", "observation", "decision_record"])
        ),
        format!(
            "{V6_ISSUER_ANALYST_INPUT}{}",
            no_delete_triggers(&["issuer_analyst_input"])
        ),
        v7_issuer_list_indexes(),
        format!(
            "{V8_COMMITTEE_DRAFT}{}",
            no_delete_triggers(&["committee_draft"])
        ),
        format!(
            "{V9_TITULARIZACION_ANALYSIS}{}",
            no_delete_triggers(&["titularizacion_analysis"])
        ),
        v10_titularizacion_list_indexes(),
        format!(
            "{V11_COMMITTEE_DRAFT_ABANDON}{}",
            no_delete_triggers(&["committee_draft", "committee_draft_abandonment"])
        ),
    ]
}

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = 11;

/// Runs `f` with the migrations (they borrow the SQL text).
pub fn with_migrations<T>(f: impl FnOnce(&Migrations<'_>) -> T) -> T {
    let sql = migration_sql();
    let migrations = Migrations::new(sql.iter().map(|s| M::up(s)).collect());
    f(&migrations)
}

/// Every trigger the schema defines, for `verify` to notice one dropped outside Ratebook.
pub fn expected_triggers() -> Vec<String> {
    let mut names: Vec<String> = [
        "audit_event_no_update",
        "audit_event_no_delete",
        "methodology_version_frozen",
        "methodology_version_lifecycle",
        "vote_sealed",
        "report_file_signed_frozen",
        "decision_signed_frozen",
        "decision_approver_signed_frozen",
        "decision_approved_methodology",
        "decision_record_frozen",
        "committee_draft_closed_frozen",
        "committee_draft_abandoned_frozen",
        "committee_draft_starts_preparing",
        "committee_draft_abandonment_of_preparing",
        "committee_draft_abandonment_frozen",
        "committee_draft_abandoned_with_reason",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.extend(AUDITED_TABLES.iter().map(|t| format!("{t}_no_delete")));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratebook_core::scale::GlobalRating;

    #[test]
    fn rating_checks_list_exactly_the_global_scale() {
        let listed: Vec<String> = global_symbols!()
            .split(',')
            .map(|s| s.trim_matches('\'').to_string())
            .collect();
        let scale: Vec<String> = GlobalRating::ALL
            .iter()
            .map(|g| g.as_str().to_string())
            .collect();
        assert_eq!(listed, scale);
    }

    #[test]
    fn migrations_are_valid_and_count_matches_latest() {
        assert_eq!(migration_sql().len(), LATEST_VERSION as usize);
        with_migrations(|m| m.validate()).unwrap();
    }
}
