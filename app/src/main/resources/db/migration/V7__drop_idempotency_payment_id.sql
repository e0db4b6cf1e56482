-- idempotency_keys.payment_id was never written (the response body carries the payment); drop it.
ALTER TABLE idempotency_keys DROP COLUMN payment_id;
