using Microsoft.Win32.SafeHandles;

namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>A PocketSphinx configuration (<c>cmd_ln_t</c>); the decoder keeps its own reference.</summary>
internal sealed class ConfigHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => PocketSphinxNative.cmd_ln_free_r(handle) >= 0;
}
