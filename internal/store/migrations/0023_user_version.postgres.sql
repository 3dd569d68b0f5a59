-- A user's version, its ETag (SCIM meta.version), and its externalId, the
-- ID an identity provider's connector gives it. The version moves by one
-- with every change of what a user is (any column but the lock trick
-- "SET updated_at = updated_at", a rehash of the same password, and the
-- version itself), whichever statement makes it, so that no write path can
-- forget it: a trigger here, the same in 0023_user_version.sqlite.sql.
-- A statement that sets the version itself (none yet) is left alone.
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE INDEX users_external_id ON users (account_id, external_id) WHERE external_id <> '';

CREATE FUNCTION users_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version AND (NEW.name, NEW.is_admin, NEW.display_name, NEW.email, NEW.email_verified,
        NEW.mobile, NEW.mobile_verified, NEW.locale, NEW.theme, NEW.password_origin, NEW.password_changed_at,
        NEW.force_password_change, NEW.login_verification, NEW.enabled, NEW.external_id)
        IS DISTINCT FROM (OLD.name, OLD.is_admin, OLD.display_name, OLD.email, OLD.email_verified,
        OLD.mobile, OLD.mobile_verified, OLD.locale, OLD.theme, OLD.password_origin, OLD.password_changed_at,
        OLD.force_password_change, OLD.login_verification, OLD.enabled, OLD.external_id) THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_version BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_bump_version();

-- A user's groups are part of what it is (SCIM's User.groups): joining or
-- leaving a group, or the group's renaming, moves the version too. (The
-- admin group's members are is_admin, already above.)
CREATE FUNCTION user_group_members_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE users SET version = version + 1 WHERE id = NEW.user_id;
    ELSE
        UPDATE users SET version = version + 1 WHERE id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_group_members_version AFTER INSERT OR DELETE ON user_group_members
    FOR EACH ROW EXECUTE FUNCTION user_group_members_bump_version();

CREATE FUNCTION user_groups_bump_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.display_name IS DISTINCT FROM OLD.display_name THEN
        UPDATE users SET version = version + 1 WHERE id IN (SELECT user_id FROM user_group_members WHERE group_id = NEW.id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_groups_version AFTER UPDATE ON user_groups FOR EACH ROW EXECUTE FUNCTION user_groups_bump_members();
