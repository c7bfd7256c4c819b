namespace NovaConsole.Data;

/// <summary>
/// The ordered schema history. There is no `dotnet ef` tooling here, so every change to the EF model
/// is written as a SQL step appended to this list; <see cref="SchemaMigrator"/> applies the missing ones at start.
/// </summary>
internal static class SchemaSteps
{
    public static IReadOnlyList<SchemaStep> All { get; } =
    [
        new(1, "users", """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                username TEXT NOT NULL COLLATE NOCASE UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                failed_login_count INTEGER NOT NULL DEFAULT 0,
                lockout_end_utc TEXT NULL,
                security_stamp TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                last_login_utc TEXT NULL
            );
            """),
        new(2, "api tokens", """
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                display_prefix TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                last_used_utc TEXT NULL,
                revoked_utc TEXT NULL
            );
            CREATE INDEX ix_api_tokens_user ON api_tokens(user_id);
            """),
        // A sign-in is a row here, named in its cookie, so signing out (or a password reset) ends it on the server.
        new(3, "user sessions", """
            CREATE TABLE user_sessions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                session_hash TEXT NOT NULL UNIQUE,
                created_utc TEXT NOT NULL,
                last_seen_utc TEXT NOT NULL
            );
            CREATE INDEX ix_user_sessions_user ON user_sessions(user_id);
            """),
        // Existing tokens keep working as before: full scope, no expiry.
        new(4, "api token scope and expiry", """
            ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
            ALTER TABLE api_tokens ADD COLUMN expires_utc TEXT NULL;
            """),
        // 5-9 are left to other features; the migrator applies steps in version order.
        new(10, "devices and tags", """
            CREATE TABLE devices (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE UNIQUE,
                name TEXT NOT NULL COLLATE NOCASE,
                description TEXT NOT NULL DEFAULT '',
                key_hash TEXT NOT NULL,
                is_enabled INTEGER NOT NULL DEFAULT 1,
                created_utc TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                key_rotated_utc TEXT NULL,
                last_seen_utc TEXT NULL,
                transport TEXT NULL,
                firmware_version TEXT NULL,
                last_remote_address TEXT NULL,
                attributes_json TEXT NULL
            );
            -- The device list pages by these sort keys; each index ends in the rowid, so ties page stably.
            CREATE INDEX ix_devices_name ON devices(name);
            CREATE INDEX ix_devices_created_utc ON devices(created_utc);
            CREATE INDEX ix_devices_last_seen_utc ON devices(last_seen_utc);
            CREATE TABLE device_tags (
                device_ref INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
                tag TEXT NOT NULL COLLATE NOCASE,
                PRIMARY KEY (device_ref, tag)
            ) WITHOUT ROWID;
            CREATE INDEX ix_device_tags_tag ON device_tags(tag);
            """),
        new(11, "device sensors and actuators", """
            CREATE TABLE device_sensors (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_ref INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                value_key TEXT NOT NULL COLLATE NOCASE,
                name TEXT NOT NULL,
                unit TEXT NULL,
                data_type TEXT NOT NULL,
                UNIQUE (device_ref, value_key)
            );
            CREATE TABLE device_actuators (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_ref INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                key TEXT NOT NULL COLLATE NOCASE,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                min_value REAL NULL,
                max_value REAL NULL,
                options_json TEXT NULL,
                UNIQUE (device_ref, key)
            );
            """),
        // Written by Devices/Presence/PresenceHistoryWriter with plain SQL: every online/offline change and every status
        // a device reports about itself, newest read first per device.
        new(12, "device status history", """
            CREATE TABLE device_status_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE,
                at_utc INTEGER NOT NULL,
                online INTEGER NOT NULL,
                transport TEXT NULL,
                reason TEXT NOT NULL
            );
            CREATE INDEX ix_device_status_history_device_at ON device_status_history(device_id, at_utc);
            """),
        new(14, "device events", """
            CREATE TABLE device_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE,
                at_ms INTEGER NOT NULL,
                method TEXT NOT NULL,
                params_json TEXT NULL
            );
            CREATE INDEX ix_device_events_device ON device_events(device_id, id);
            """),
        // Telemetry is written by Telemetry/TelemetryStore with plain SQL (no EF entities): one series per
        // device and key, holding the latest value, and the points of each series by time (ms since 1970).
        new(20, "telemetry", """
            CREATE TABLE telemetry_series (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE,
                key TEXT NOT NULL,
                latest_ts INTEGER NULL,
                latest_kind INTEGER NULL,
                latest_num REAL NULL,
                latest_text TEXT NULL,
                UNIQUE(device_id, key)
            );
            CREATE TABLE telemetry_points (
                series_id INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                num REAL NULL,
                text TEXT NULL
            );
            CREATE INDEX ix_telemetry_points_series_ts ON telemetry_points(series_id, ts);
            CREATE INDEX ix_telemetry_points_ts ON telemetry_points(ts);
            """),
        // The operation log of Commands/: one row per command sent (or refused by the transport) and per device
        // response that matched nothing. Written through EF (CommandLogRecord); state changes are conditional updates.
        new(13, "command log", """
            CREATE TABLE command_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                params_json TEXT NULL,
                origin TEXT NOT NULL,
                issued_by TEXT NOT NULL,
                transport TEXT NULL,
                message_id TEXT NULL,
                state TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                sent_utc TEXT NULL,
                completed_utc TEXT NULL,
                succeeded INTEGER NULL,
                result_code TEXT NULL,
                result_message TEXT NULL,
                response_json TEXT NULL
            );
            CREATE INDEX ix_command_log_device_created ON command_log(device_id, created_utc);
            CREATE INDEX ix_command_log_state ON command_log(state);
            """),
        // Every point written kept three b-trees up to date; the retention clean-up now walks the series with
        // (series_id, ts), so the time-only index went: a third less work for the one telemetry writer.
        new(21, "telemetry without the time-only index", """
            DROP INDEX IF EXISTS ix_telemetry_points_ts;
            """),
        // Reported attributes one row per key with the time it was last reported (seed 000 §4.1.2), for the device
        // page's Attributes tab and GET /api/v1/devices/{id}/attributes. What devices.attributes_json held is carried over.
        new(22, "device attributes by key", """
            CREATE TABLE device_attributes (
                device_id TEXT NOT NULL COLLATE NOCASE,
                key TEXT NOT NULL,
                value_json TEXT NOT NULL,
                updated_ms INTEGER NOT NULL,
                PRIMARY KEY (device_id, key)
            ) WITHOUT ROWID;
            INSERT INTO device_attributes(device_id, key, value_json, updated_ms)
                SELECT d.device_id, j.key,
                       CASE j.type WHEN 'object' THEN j.value WHEN 'array' THEN j.value WHEN 'true' THEN 'true'
                                   WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ELSE json_quote(j.value) END,
                       COALESCE(CAST(strftime('%s', d.updated_utc) AS INTEGER) * 1000, 0)
                FROM devices d, json_each(d.attributes_json) j
                WHERE d.attributes_json IS NOT NULL AND json_valid(d.attributes_json);
            """),
        // Audit/: who did what to which object, from where. Append-only: the triggers refuse every UPDATE and DELETE,
        // so not even a bug in the app can rewrite history. Actor/action/object filters match prefixes (LIKE 'x%').
        new(30, "audit log", """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at_utc TEXT NOT NULL,
                actor TEXT NOT NULL COLLATE NOCASE,
                user_name TEXT NULL,
                action TEXT NOT NULL,
                object_type TEXT NULL,
                object_id TEXT NULL COLLATE NOCASE,
                detail TEXT NULL,
                address TEXT NULL
            );
            CREATE INDEX ix_audit_log_at ON audit_log(at_utc);
            CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """),
        // Settings/: operator settings changed in the console, overriding the configuration files (one row per key).
        new(31, "settings", """
            CREATE TABLE settings (
                key TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                value TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                updated_by TEXT NOT NULL
            );
            """),
        // Devices/DeviceClocks: a device's clock offset while its timestamps are being replaced, kept with the device
        // (gone when it is deleted) so the device page and API still say "device clock off by ..." after a restart.
        new(32, "device clock offsets", """
            CREATE TABLE device_clock_offsets (
                device_ref INTEGER NOT NULL PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
                device_time_ms INTEGER NOT NULL,
                received_ms INTEGER NOT NULL,
                offset_seconds REAL NOT NULL
            );
            """),
        // Automation (issue 13), versions 50-59: rules as their checked JSON body; per (rule, device) state written on
        // transitions only; each firing's run with its steps; alarms, unique per (device, type) while active.
        new(50, "automation rules", """
            CREATE TABLE automation_rules (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                enabled INTEGER NOT NULL,
                body_json TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                disabled_reason TEXT NULL,
                revision INTEGER NOT NULL DEFAULT 1
            );
            """),
        new(51, "automation rule states", """
            CREATE TABLE automation_rule_states (
                rule_id INTEGER NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
                device_id TEXT NOT NULL COLLATE NOCASE,
                revision INTEGER NOT NULL,
                phase INTEGER NOT NULL,
                since_utc TEXT NOT NULL,
                fired_at_utc TEXT NULL,
                due_at_utc TEXT NULL,
                repeats INTEGER NOT NULL DEFAULT 0,
                last_value REAL NULL,
                reference REAL NULL,
                PRIMARY KEY (rule_id, device_id)
            );
            """),
        new(52, "automation runs", """
            CREATE TABLE automation_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                rule_id INTEGER NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
                device_id TEXT NOT NULL COLLATE NOCASE,
                reason TEXT NOT NULL,
                trigger_value REAL NULL,
                fired_at_utc TEXT NOT NULL,
                depth INTEGER NOT NULL,
                status TEXT NOT NULL,
                detail TEXT NULL,
                steps_json TEXT NOT NULL,
                finished_utc TEXT NULL
            );
            CREATE INDEX ix_automation_runs_rule ON automation_runs(rule_id, id);
            """),
        new(53, "alarms", """
            CREATE TABLE alarms (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL COLLATE NOCASE,
                type TEXT NOT NULL,
                severity TEXT NOT NULL,
                active INTEGER NOT NULL,
                acknowledged INTEGER NOT NULL DEFAULT 0,
                message TEXT NULL,
                raised_utc TEXT NOT NULL,
                cleared_utc TEXT NULL,
                acknowledged_by TEXT NULL,
                acknowledged_utc TEXT NULL,
                comment TEXT NULL,
                rule_id INTEGER NULL,
                run_id INTEGER NULL
            );
            CREATE UNIQUE INDEX ux_alarms_active ON alarms(device_id, type) WHERE active = 1;
            CREATE INDEX ix_alarms_raised ON alarms(raised_utc);
            """),
        // OTA (Ota/): packages (the file lives in the data folder under ota/), campaigns, one task per device and campaign,
        // one attempt per inform sent (its id is the inform's "id"; its token hash opens the download), and where each
        // device listens for informs (the seed's topic or ThingsPanel's misspelt "infrom").
        new(40, "ota", """
            CREATE TABLE ota_packages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                module TEXT NOT NULL,
                sign_method TEXT NOT NULL,
                sign TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size INTEGER NOT NULL,
                ext_data_json TEXT NULL,
                from_version TEXT NULL,
                file_name TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                created_by TEXT NOT NULL
            );
            CREATE TABLE ota_campaigns (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                package_id INTEGER NOT NULL REFERENCES ota_packages(id),
                state TEXT NOT NULL,
                plan_json TEXT NOT NULL,
                batch_count INTEGER NOT NULL,
                current_batch INTEGER NOT NULL,
                start_at_utc TEXT NULL,
                require_version_confirm INTEGER NOT NULL,
                origin TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                batch_started_utc TEXT NULL,
                pause_reason TEXT NULL,
                failures_accepted_through INTEGER NOT NULL DEFAULT -1,
                finished_utc TEXT NULL
            );
            CREATE INDEX ix_ota_campaigns_state ON ota_campaigns(state);
            CREATE TABLE ota_tasks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                campaign_id INTEGER NOT NULL REFERENCES ota_campaigns(id),
                device_id TEXT NOT NULL COLLATE NOCASE,
                module TEXT NOT NULL,
                batch INTEGER NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                current_attempt_id INTEGER NULL,
                step INTEGER NULL,
                last_message TEXT NULL,
                failure_class TEXT NULL,
                raw_code TEXT NULL,
                timeout_kind TEXT NULL,
                skip_reason TEXT NULL,
                bytes_served INTEGER NOT NULL DEFAULT 0,
                after_cancel INTEGER NOT NULL DEFAULT 0,
                queued_utc TEXT NULL,
                not_before_utc TEXT NULL,
                informed_utc TEXT NULL,
                last_progress_utc TEXT NULL,
                reported_utc TEXT NULL,
                finished_utc TEXT NULL,
                UNIQUE(campaign_id, device_id)
            );
            CREATE INDEX ix_ota_tasks_campaign_state ON ota_tasks(campaign_id, state);
            CREATE INDEX ix_ota_tasks_device_state ON ota_tasks(device_id, state);
            CREATE TABLE ota_attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                task_id INTEGER NOT NULL REFERENCES ota_tasks(id),
                number INTEGER NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                expires_utc TEXT NOT NULL,
                revoked INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL,
                topic TEXT NULL,
                created_utc TEXT NOT NULL,
                published_utc TEXT NULL,
                bytes_served INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_ota_attempts_task ON ota_attempts(task_id);
            CREATE TABLE ota_listeners (
                device_id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                topic TEXT NOT NULL,
                subscribed_utc TEXT NOT NULL
            );
            """),
        // OTA (Ota/OtaDeviceProtocols.cs): devices seen speaking NovaCloud over MQTT, which has no OTA; campaigns leave them
        // out unless they subscribed to the inform topic.
        new(120, "ota device protocols", """
            CREATE TABLE ota_device_protocols (
                device_id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                protocol TEXT NOT NULL,
                seen_utc TEXT NOT NULL
            );
            """),
        // Automation: each run's condition results; a run waiting in a delay
        // action (its next action and when), so the delay outlives a restart.
        new(110, "automation run conditions", """
            ALTER TABLE automation_runs ADD COLUMN conditions_json TEXT NULL;
            """),
        new(111, "automation delays", """
            CREATE TABLE automation_delays (
                run_id INTEGER PRIMARY KEY REFERENCES automation_runs(id) ON DELETE CASCADE,
                rule_id INTEGER NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
                revision INTEGER NOT NULL,
                device_id TEXT NOT NULL COLLATE NOCASE,
                next_action INTEGER NOT NULL,
                due_utc TEXT NOT NULL,
                depth INTEGER NOT NULL,
                steps_json TEXT NOT NULL
            );
            """),
    ];
}
