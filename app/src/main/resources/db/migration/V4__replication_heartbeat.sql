-- One row the primary's instances rewrite every cachegate.routing.heartbeat-interval. On the replica, now() minus
-- this beat is how stale its data is, measured on the primary's clock: it grows when the WAL receiver stalls or
-- disconnects, when the replica's own view (receive = replay) would say "no lag".
CREATE TABLE replication_heartbeat (
    id   smallint PRIMARY KEY CHECK (id = 1),
    beat timestamptz NOT NULL
);
INSERT INTO replication_heartbeat (id, beat) VALUES (1, now());
