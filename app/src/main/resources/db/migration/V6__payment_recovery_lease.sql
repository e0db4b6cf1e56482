-- Recovery claims a pending payment under a lease in a short transaction, asks the provider outside any transaction,
-- and settles in a new one only while it still holds the lease: no row stays locked across a provider call.
ALTER TABLE payments ADD COLUMN recovery_lease uuid, ADD COLUMN recovery_lease_until timestamptz;

-- How often the provider simulator was asked with each key (the charge itself included), so that tests can see a
-- payment asked about twice even though it was charged once.
ALTER TABLE provider_simulator_charges ADD COLUMN calls int NOT NULL DEFAULT 1;
