-- RealtimeGrains on PostgreSQL (13 or later): the tables and queries Orleans' ADO.NET clustering
-- (Microsoft.Orleans.Clustering.AdoNet) and grain storage (Microsoft.Orleans.Persistence.AdoNet) use.
-- The NuGet packages do not ship their SQL scripts; this file is written for RealtimeGrains against the
-- providers' contract: Orleans reads every query's text from OrleansQuery by key, binds parameters by name
-- (@DeploymentId, @GrainIdHash, ...) and reads result columns by name, so keys, parameter names and
-- column names are fixed; everything else is ours. Apply it once to an empty database:
--   psql -d realtimegrains -f silo-config/postgresql/schema.sql
-- Unquoted names fold to lower case in PostgreSQL; Orleans matches column names case-insensitively.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

------------------------------------------------------------------------------------------------------------
-- Clustering: one version row per deployment (cluster id), bumped by every membership change, and one row
-- per silo incarnation. A change whose expected version is stale changes nothing and answers 0.
------------------------------------------------------------------------------------------------------------

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Bumps the version only if it is still the one the caller read; answers whether it did.
CREATE FUNCTION rtg_bump_membership_version(deployment varchar, expected integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE OrleansMembershipVersionTable
       SET Version = Version + 1, Timestamp = now()
     WHERE DeploymentId = deployment AND Version = expected;
    RETURN FOUND;
END $$;

-- Adds a silo row and bumps the version together, or neither (a duplicate row undoes the bump).
CREATE FUNCTION rtg_insert_membership(
    deployment varchar, address varchar, port integer, generation integer, silo_name varchar, host_name varchar,
    status integer, proxy_port integer, start_time timestamptz, i_am_alive_time timestamptz, expected integer)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        IF NOT rtg_bump_membership_version(deployment, expected) THEN
            RETURN 0;
        END IF;
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (deployment, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN 0;
    END;
END $$;

-- Updates a silo row and bumps the version together, or neither (a missing row undoes the bump).
CREATE FUNCTION rtg_update_membership(
    deployment varchar, address_arg varchar, port_arg integer, generation_arg integer,
    status_arg integer, suspect_times varchar, i_am_alive_time timestamptz, expected integer)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        IF NOT rtg_bump_membership_version(deployment, expected) THEN
            RETURN 0;
        END IF;
        UPDATE OrleansMembershipTable
           SET Status = status_arg, SuspectTimes = suspect_times, IAmAliveTime = i_am_alive_time
         WHERE DeploymentId = deployment AND Address = address_arg AND Port = port_arg AND Generation = generation_arg;
        IF NOT FOUND THEN
            RAISE no_data_found;
        END IF;
        RETURN 1;
    EXCEPTION WHEN no_data_found THEN
        RETURN 0;
    END;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    WITH added AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM added;'),
('InsertMembershipKey', '
    SELECT rtg_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'),
('UpdateMembershipKey', '
    SELECT rtg_update_membership(@DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);'),
('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),
-- Rows of silos that stopped answering long ago; a row still marked Active (status 3) is never removed here.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;');

------------------------------------------------------------------------------------------------------------
-- Grain storage: one row per (service, grain type, grain id), whole state as bytes, an integer version as the
-- ETag. A write or clear whose expected version is stale changes nothing and answers the old version, which
-- Orleans turns into an InconsistentStateException.
------------------------------------------------------------------------------------------------------------

CREATE TABLE OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamp    NOT NULL,
    Version                integer      NULL
);

-- One row per grain: two activations racing to create the same state cannot both insert.
CREATE UNIQUE INDEX OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, coalesce(GrainIdExtensionString, ''));

CREATE FUNCTION rtg_write_grain_state(
    id_hash integer, id_n0 bigint, id_n1 bigint, type_hash integer, type_string varchar, id_extension varchar,
    service varchar, expected integer, payload bytea)
RETURNS TABLE (NewGrainStateVersion integer)
LANGUAGE plpgsql AS $$
BEGIN
    IF expected IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, ModifiedOn, Version)
        VALUES
            (id_hash, id_n0, id_n1, type_hash, type_string, id_extension, service, payload, now() AT TIME ZONE 'utc', 1)
        ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, coalesce(GrainIdExtensionString, ''))
        DO NOTHING;
        RETURN QUERY SELECT CASE WHEN FOUND THEN 1 END;
        RETURN;
    END IF;

    UPDATE OrleansStorage
       SET PayloadBinary = payload, ModifiedOn = now() AT TIME ZONE 'utc', Version = Version + 1
     WHERE GrainIdHash = id_hash AND GrainTypeHash = type_hash AND GrainIdN0 = id_n0 AND GrainIdN1 = id_n1
       AND ServiceId = service AND GrainTypeString = type_string
       AND coalesce(GrainIdExtensionString, '') = coalesce(id_extension, '')
       AND Version = expected;
    RETURN QUERY SELECT CASE WHEN FOUND THEN expected + 1 ELSE expected END;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT NewGrainStateVersion FROM rtg_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
        @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, now() AT TIME ZONE ''utc'' AS ReadOn, Version FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString, '''');'),
('ClearStorageKey', '
    UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString, '''')
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'),
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1 AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND coalesce(GrainIdExtensionString, '''') = coalesce(@GrainIdExtensionString, '''')
       AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;');
