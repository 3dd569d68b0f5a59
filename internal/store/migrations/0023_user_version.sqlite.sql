-- A user's version, its ETag (SCIM meta.version), and its externalId, the
-- ID an identity provider's connector gives it. The version moves by one
-- with every change of what a user is (any column but the lock trick
-- "SET updated_at = updated_at", a rehash of the same password, and the
-- version itself), whichever statement makes it, so that no write path can
-- forget it: a trigger here, the same in 0023_user_version.postgres.sql.
-- A statement that sets the version itself (none yet) is left alone.
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE INDEX users_external_id ON users (account_id, external_id) WHERE external_id <> '';

CREATE TRIGGER users_version AFTER UPDATE ON users FOR EACH ROW
WHEN NEW.version = OLD.version AND (
    NEW.name IS NOT OLD.name OR NEW.is_admin IS NOT OLD.is_admin OR NEW.display_name IS NOT OLD.display_name
    OR NEW.email IS NOT OLD.email OR NEW.email_verified IS NOT OLD.email_verified OR NEW.mobile IS NOT OLD.mobile
    OR NEW.mobile_verified IS NOT OLD.mobile_verified OR NEW.locale IS NOT OLD.locale OR NEW.theme IS NOT OLD.theme
    OR NEW.password_origin IS NOT OLD.password_origin OR NEW.password_changed_at IS NOT OLD.password_changed_at
    OR NEW.force_password_change IS NOT OLD.force_password_change OR NEW.login_verification IS NOT OLD.login_verification
    OR NEW.enabled IS NOT OLD.enabled OR NEW.external_id IS NOT OLD.external_id)
BEGIN
    UPDATE users SET version = OLD.version + 1 WHERE id = NEW.id;
END;

-- A user's groups are part of what it is (SCIM's User.groups): joining or
-- leaving a group, or the group's renaming, moves the version too. (The
-- admin group's members are is_admin, already above.)
CREATE TRIGGER user_group_members_join AFTER INSERT ON user_group_members FOR EACH ROW
BEGIN
    UPDATE users SET version = version + 1 WHERE id = NEW.user_id;
END;
CREATE TRIGGER user_group_members_leave AFTER DELETE ON user_group_members FOR EACH ROW
BEGIN
    UPDATE users SET version = version + 1 WHERE id = OLD.user_id;
END;
CREATE TRIGGER user_groups_rename AFTER UPDATE OF display_name ON user_groups FOR EACH ROW
WHEN NEW.display_name IS NOT OLD.display_name
BEGIN
    UPDATE users SET version = version + 1 WHERE id IN (SELECT user_id FROM user_group_members WHERE group_id = NEW.id);
END;
