using System.Runtime.InteropServices;

namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>
/// The parts of the PocketSphinx 5prealpha C API (Debian's <c>libpocketsphinx3</c>, <c>libsphinxbase3</c>) the
/// recognizer uses. Pointers the library owns (hypothesis strings, segment iterators) stay raw; the decoder
/// and its configuration are wrapped in safe handles.
/// </summary>
internal static partial class PocketSphinxNative
{
    internal const string PocketSphinx = "libpocketsphinx.so.3";
    internal const string SphinxBase = "libsphinxbase.so.3";

    [LibraryImport(SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConfigHandle cmd_ln_parse_r(IntPtr inoutCmdln, IntPtr definitions, int argc, string[] argv, int strict);

    [LibraryImport(SphinxBase)]
    internal static partial int cmd_ln_free_r(IntPtr cmdln);

    [LibraryImport(SphinxBase)]
    internal static partial IntPtr err_set_logfp(IntPtr stream);

    [LibraryImport(SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr jsgf_parse_string(string text, IntPtr parent);

    [LibraryImport(SphinxBase)]
    internal static partial void jsgf_grammar_free(IntPtr jsgf);

    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_args();

    [LibraryImport(PocketSphinx)]
    internal static partial DecoderHandle ps_init(ConfigHandle config);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_free(IntPtr decoder);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_jsgf_string(DecoderHandle decoder, string name, string jsgf);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_allphone_file(DecoderHandle decoder, string name, string path);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_search(DecoderHandle decoder, string name);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_start_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_start_stream(DecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    internal static unsafe partial int ps_process_raw(DecoderHandle decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_end_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_get_hyp(DecoderHandle decoder, out int bestScore);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_get_n_frames(DecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_seg_iter(DecoderHandle decoder);

    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_seg_next(IntPtr segment);

    [LibraryImport(PocketSphinx)]
    internal static partial IntPtr ps_seg_word(IntPtr segment);

    [LibraryImport(PocketSphinx)]
    internal static partial void ps_seg_frames(IntPtr segment, out int start, out int end);

    [LibraryImport(PocketSphinx)]
    internal static partial int ps_seg_prob(IntPtr segment, out int acoustic, out int language, out int backoff);

    [LibraryImport(PocketSphinx)]
    internal static partial void ps_seg_free(IntPtr segment);
}
