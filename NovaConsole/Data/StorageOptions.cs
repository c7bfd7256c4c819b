namespace NovaConsole.Data;

/// <summary>Where the console keeps its files: the SQLite database, the TLS certificate, the install secret.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Data folder, relative to the working directory unless rooted.</summary>
    public string DataPath { get; set; } = "./data";

    /// <summary>Database file name inside the data folder.</summary>
    public string DatabaseFile { get; set; } = "novaconsole.db";

    public string FullDataPath => Path.GetFullPath(DataPath);

    public string DatabasePath => Path.Combine(FullDataPath, DatabaseFile);
}
