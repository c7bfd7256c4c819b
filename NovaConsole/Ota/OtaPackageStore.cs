using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;
using NovaConsole.Security;
using NovaConsole.Shared;

namespace NovaConsole.Ota;

/// <summary>What an uploader says about a package besides its bytes.</summary>
internal sealed record OtaPackageDraft(string? Name, string? Version, string? Module, string? SignMethod, string? ExtData, string? FromVersion);

/// <summary>A package as the API shows it.</summary>
internal sealed record OtaPackageInfo(long Id, string Name, string Version, string Module, string SignMethod, string Sign, string Sha256,
    long Size, JsonElement? ExtData, string? FromVersion, DateTime CreatedUtc, string CreatedBy);

/// <summary>
/// Packages on disk (data folder, ota/) and in ota_packages. The upload is streamed to a temporary file and hashed
/// (MD5 and SHA-256) on the way, so memory stays flat whatever the size; the file is renamed into place only when
/// the row is written. A package never changes afterwards.
/// </summary>
internal sealed class OtaPackageStore(IDbContextFactory<NovaDbContext> dbFactory, IOptions<StorageOptions> storage, IOptions<OtaOptions> options,
    OtaClock clock, ILogger<OtaPackageStore> logger)
{
    public const int MaxExtDataBytes = 4096;
    private static readonly FileStreamOptions PrivateWrite = new()
    {
        Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16, Options = FileOptions.Asynchronous,
        UnixCreateMode = OperatingSystem.IsWindows() ? null : PrivateFiles.FileMode,
    };
    public string Folder => Path.Combine(storage.Value.FullDataPath, "ota");

    public string PathOf(OtaPackage package) => Path.Combine(Folder, package.FileName);

    /// <summary>Checks the fields before any byte of the file is read; null when they are fine.</summary>
    public static string? Check(OtaPackageDraft draft)
    {
        if (Bad(draft.Name, 100)) return "name is required (1-100 characters).";
        if (Bad(draft.Version, 64)) return "version is required (1-64 characters).";
        if (Bad(draft.Module, 64)) return "module is required (1-64 characters), e.g. MCU.";
        if (!string.Equals(draft.SignMethod, "MD5", StringComparison.OrdinalIgnoreCase) && !string.Equals(draft.SignMethod, "SHA256", StringComparison.OrdinalIgnoreCase))
            return "signMethod must be MD5 or SHA256 (any casing; it is sent to devices as written).";
        if (draft.FromVersion is { Length: > 64 }) return "fromVersion may have at most 64 characters.";
        if (!string.IsNullOrEmpty(draft.ExtData))
        {
            if (draft.ExtData.Length > MaxExtDataBytes) return $"extData may have at most {MaxExtDataBytes} characters.";
            try
            {
                using var doc = JsonDocument.Parse(draft.ExtData);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return "extData must be a JSON object.";
            }
            catch (JsonException e)
            {
                return $"extData is not valid JSON: {e.Message}";
            }
        }
        return null;

        static bool Bad(string? value, int max) => string.IsNullOrWhiteSpace(value) || value.Length > max || value.Any(char.IsControl);
    }

    /// <summary>
    /// Streams <paramref name="content"/> to a temporary file, hashing on the way; null when it passed the size limit
    /// (what was written is deleted). The caller commits the staged file or disposes it.
    /// </summary>
    public async Task<StagedPackageFile?> StageAsync(Stream content, CancellationToken ct)
    {
        PrivateFiles.EnsureFolder(Folder);
        var staged = new StagedPackageFile(Path.Combine(Folder, $"{Guid.NewGuid():N}.part"));
        var limit = options.Value.MaxPackageBytes;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var file = new FileStream(staged.Path, PrivateWrite))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    staged.Size += read;
                    if (staged.Size > limit)
                    {
                        staged.Dispose();
                        return null;
                    }
                    md5.AppendData(buffer, 0, read);
                    sha256.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            staged.Md5 = Convert.ToHexStringLower(md5.GetHashAndReset());
            staged.Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>Moves a staged file into place and writes its row.</summary>
    public async Task<Outcome<OtaPackageInfo>> CommitAsync(OtaPackageDraft draft, StagedPackageFile staged, string createdBy, CancellationToken ct)
    {
        if (Check(draft) is { } problem) return Outcome.Invalid(problem);
        if (staged.Size == 0) return Outcome.Invalid("file is empty.");
        var fileName = $"{Guid.NewGuid():N}.bin";
        var package = new OtaPackage
        {
            Name = draft.Name!.Trim(), Version = draft.Version!.Trim(), Module = draft.Module!.Trim(), SignMethod = draft.SignMethod!,
            Sign = draft.SignMethod!.Equals("MD5", StringComparison.OrdinalIgnoreCase) ? staged.Md5 : staged.Sha256, Sha256 = staged.Sha256, Size = staged.Size,
            ExtDataJson = string.IsNullOrEmpty(draft.ExtData) ? null : draft.ExtData,
            FromVersion = string.IsNullOrWhiteSpace(draft.FromVersion) ? null : draft.FromVersion.Trim(),
            FileName = fileName, CreatedUtc = clock.UtcNow, CreatedBy = createdBy,
        };
        File.Move(staged.Path, Path.Combine(Folder, fileName));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OtaPackages.Add(package);
        await db.SaveChangesAsync(ct);
        OtaLog.PackageStored(logger, package.Id, package.Name, package.Version, package.Size, package.Sha256);
        return Outcome<OtaPackageInfo>.Ok(Info(package));
    }

    public static string TooLarge(long limit) => $"file too large: packages may have at most {limit} bytes (Ota:MaxPackageBytes).";

    public async Task<IReadOnlyList<OtaPackageInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.OtaPackages.AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(ct);
        return rows.ConvertAll(Info);
    }

    public async Task<OtaPackage?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OtaPackages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>Refused while any campaign refers to the package: a campaign's devices and its history need its bytes and hashes.</summary>
    public async Task<Outcome> DeleteAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var package = await db.OtaPackages.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (package is null) return Outcome.NotFound($"No package with id {id}.");
        var users = await db.OtaCampaigns.Where(c => c.PackageId == id).OrderBy(c => c.Id).Select(c => c.Id).Take(5).ToListAsync(ct);
        if (users.Count > 0) return Outcome.Conflict($"Package {id} is used by campaign {string.Join(", ", users)}; it cannot be deleted.");
        db.OtaPackages.Remove(package);
        await db.SaveChangesAsync(ct);
        File.Delete(PathOf(package));
        OtaLog.PackageDeleted(logger, id);
        return Outcome.Ok();
    }

    public static OtaPackageInfo Info(OtaPackage p) => new(p.Id, p.Name, p.Version, p.Module, p.SignMethod, p.Sign, p.Sha256, p.Size,
        p.ExtDataJson is null ? null : JsonDocument.Parse(p.ExtDataJson).RootElement.Clone(), p.FromVersion, p.CreatedUtc, p.CreatedBy);
}

/// <summary>An uploaded file not yet a package; disposing deletes it unless it was committed (moved away).</summary>
internal sealed class StagedPackageFile(string path) : IDisposable
{
    public string Path { get; } = path;
    public long Size { get; set; }
    public string Md5 { get; set; } = "";
    public string Sha256 { get; set; } = "";

    public void Dispose()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
