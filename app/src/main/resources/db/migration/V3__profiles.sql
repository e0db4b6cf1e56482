CREATE TABLE profiles (
    username     text        PRIMARY KEY,
    display_name text,
    avatar_url   text,
    version      bigint      NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
