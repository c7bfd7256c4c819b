namespace NovaConsole.Data;

/// <summary>One forward-only change to the database schema. Steps are never edited once released: add a new one.</summary>
internal sealed record SchemaStep(int Version, string Name, string Sql);
