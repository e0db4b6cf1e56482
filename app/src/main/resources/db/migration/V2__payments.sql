-- One claim per (principal, Idempotency-Key): the atomic guard of POST /payments.
CREATE TABLE idempotency_keys (
    principal        text        NOT NULL,
    idem_key         text        NOT NULL,
    claim_id         uuid        NOT NULL UNIQUE,
    fingerprint      text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    lease_token      uuid,
    lease_expires_at timestamptz,
    payment_id       text,
    response_status  int,
    response_headers text,
    response_body    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- One payment per claim, whatever else fails.
CREATE TABLE payments (
    id                text        PRIMARY KEY,
    principal         text        NOT NULL,
    claim_id          uuid        NOT NULL UNIQUE,
    amount_cents      bigint      NOT NULL CHECK (amount_cents > 0),
    currency          char(3)     NOT NULL,
    source            text        NOT NULL,
    description       text,
    status            text        NOT NULL CHECK (status IN ('succeeded', 'pending', 'declined')),
    provider_charge   text,
    decline_reason    text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_pending ON payments (updated_at) WHERE status = 'pending';
CREATE INDEX payments_principal ON payments (principal, id);

-- The payment provider simulator's own ledger (a real provider keeps this on its side): one charge per
-- provider idempotency key, which is how a retry after a lost answer is made safe.
CREATE TABLE provider_simulator_charges (
    idempotency_key text        PRIMARY KEY,
    charge_id       text        NOT NULL UNIQUE,
    amount_cents    bigint      NOT NULL,
    currency        char(3)     NOT NULL,
    source          text        NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('succeeded', 'declined')),
    decline_reason  text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
