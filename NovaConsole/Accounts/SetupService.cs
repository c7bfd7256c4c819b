using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NovaConsole.Data;
using NovaConsole.Security;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>
/// First-run setup, as Jenkins does it: while no user exists, a one-time token is written to the data
/// folder and the log, and only someone holding it can create the first administrator.
/// </summary>
internal sealed class SetupService(AccountService accounts, IOptions<StorageOptions> storage, ILogger<SetupService> logger)
{
    public const string TokenFileName = "setup-token.txt";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private volatile bool _complete;

    public bool IsOpen => !_complete;

    private string TokenFile => Path.Combine(storage.Value.FullDataPath, TokenFileName);

    /// <summary>Called once at start: closes setup for good when users exist, otherwise issues a token.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (await accounts.AnyUsersAsync(ct))
        {
            _complete = true;
            File.Delete(TokenFile);
            return;
        }
        _token = SecretHasher.NewSecret(18);
        await PrivateFiles.WriteAllTextAsync(TokenFile, _token + Environment.NewLine, ct);
        AccountsLog.SetupTokenIssued(logger, _token, TokenFile);
    }

    public async Task<Outcome<UserSummary>> CompleteAsync(string? token, string? username, string? password, string? remoteAddress, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_complete) return Outcome.NotFound("Setup is already complete.");
            if (string.IsNullOrWhiteSpace(token)) return Outcome.Invalid("The setup token is required.");
            if (_token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Trim()), Encoding.UTF8.GetBytes(_token)))
            {
                AccountsLog.SetupTokenRejected(logger, remoteAddress);
                return Outcome.Invalid($"Wrong setup token. Copy it from {TokenFileName} in the data folder or from the start-up log.");
            }
            // The first administrator is made by whoever holds the setup token: the audit says so.
            Audit.AuditContext.Set(new Audit.AuditActor("setup-token", null, remoteAddress));
            var created = await accounts.CreateUserAsync(username, password, Roles.Admin, ct);
            if (!created.Succeeded) return created;
            _complete = true;
            _token = null;
            File.Delete(TokenFile);
            AccountsLog.SetupCompleted(logger, created.Value!.Username);
            return created;
        }
        finally
        {
            _gate.Release();
        }
    }
}
