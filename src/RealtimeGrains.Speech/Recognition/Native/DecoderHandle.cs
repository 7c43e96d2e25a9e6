using Microsoft.Win32.SafeHandles;

namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>A PocketSphinx decoder (<c>ps_decoder_t</c>).</summary>
internal sealed class DecoderHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => PocketSphinxNative.ps_free(handle) >= 0;
}
