namespace NovaConsole.Ota;

/// <summary>
/// The CRC16 a ThingsPanel device asks for with the <c>Crc16-Method</c> header on a range request, answered as
/// <c>X-CRC16</c> (four lowercase hex digits) over the returned bytes. ThingsPanel's own server knows three names and
/// falls back to IBM for anything else; we do the same, choosing the catalogue variant each name means:
/// <list type="bullet">
/// <item>IBM (and any other value, or none): CRC-16/ARC, poly 0x8005 reflected, init 0x0000 ("123456789" → bb3d).</item>
/// <item>MODBUS: CRC-16/MODBUS, poly 0x8005 reflected, init 0xFFFF (→ 4b37).</item>
/// <item>CCITT: CRC-16/KERMIT, poly 0x1021 reflected, init 0x0000 (→ 2189), the reflected CCITT table with a zero start.</item>
/// </list>
/// </summary>
internal sealed class Crc16
{
    private static readonly ushort[] Reflected8005 = Table(0xA001);
    private static readonly ushort[] Reflected1021 = Table(0x8408);

    private readonly ushort[] _table;
    private ushort _crc;

    private Crc16(ushort[] table, ushort init)
    {
        _table = table;
        _crc = init;
    }

    public static Crc16 For(string? method) => method?.Trim().ToUpperInvariant() switch
    {
        "MODBUS" => new Crc16(Reflected8005, 0xFFFF),
        "CCITT" => new Crc16(Reflected1021, 0x0000),
        _ => new Crc16(Reflected8005, 0x0000),
    };

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data) crc = (ushort)((crc >> 8) ^ _table[(crc ^ b) & 0xFF]);
        _crc = crc;
    }

    public ushort Value => _crc;

    public string Hex => _crc.ToString("x4");

    private static ushort[] Table(ushort reflectedPoly)
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ reflectedPoly) : (ushort)(crc >> 1);
            table[i] = crc;
        }
        return table;
    }
}
