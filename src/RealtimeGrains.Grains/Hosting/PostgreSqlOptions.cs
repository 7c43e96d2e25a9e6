using Npgsql;

namespace RealtimeGrains.Hosting;

/// <summary>
/// The PostgreSQL database that PostgreSQL clustering and storage use (section <c>RealtimeGrains:PostgreSql</c>),
/// through Orleans' ADO.NET providers. The database needs <c>silo-config/postgresql/schema.sql</c> applied once.
/// </summary>
public sealed class PostgreSqlOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:PostgreSql";

    /// <summary>Full key of <see cref="ConnectionString"/>, for error messages.</summary>
    public const string ConnectionStringKey = Section + ":ConnectionString";

    /// <summary>The ADO.NET invariant of Npgsql, as Orleans' ADO.NET providers name it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Npgsql connection string (<c>Host=...;Port=5432;Database=...;Username=...;Password=...</c>); required when clustering or storage is <c>postgresql</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Returns every problem with these options; <paramref name="required"/> says whether something uses PostgreSQL.</summary>
    public IReadOnlyList<string> Validate(bool required, string usedBy)
    {
        var errors = new List<string>();
        if (!required)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add(OptionCheck.Error(ConnectionStringKey, ConnectionString,
                $"an Npgsql connection string such as Host=127.0.0.1;Port=5432;Database=realtimegrains;Username=rtg, because {usedBy} is postgresql"));
            return errors;
        }

        try
        {
            if (string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(ConnectionString).Host))
            {
                errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), "a connection string naming a Host"));
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), $"an Npgsql connection string ({ex.Message})"));
        }

        return errors;
    }

    private string Redacted()
    {
        var password = ConnectionString.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        return password < 0 ? ConnectionString : ConnectionString[..password] + "Password=***";
    }
}
