package dev.dcgan.train.util;

import dev.dcgan.train.nn.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CPU can do for bfloat16: AVX512_BF16 or AMX-BF16 give oneDNN native bfloat16
 * multiply-adds; without them bfloat16 is converted in software and slower than float32.
 *
 * @param flags the CPU's feature flags (as {@code /proc/cpuinfo} names them); null if unknown
 * @param source where they were read, for messages
 */
public record CpuFeatures(Set<String> flags, String source) {
  static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** The flags that give native bfloat16 arithmetic, by their /proc/cpuinfo names. */
  public static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

  /** This machine's features: /proc/cpuinfo on Linux, unknown elsewhere. */
  public static CpuFeatures detect() {
    try {
      if (Files.isReadable(CPUINFO))
        return fromCpuinfo(Files.readString(CPUINFO), CPUINFO.toString());
    } catch (IOException | RuntimeException e) {
      // unreadable: as unknown
    }
    return new CpuFeatures(null, System.getProperty("os.name") + " (no /proc/cpuinfo)");
  }

  /** The flags of a /proc/cpuinfo text (the first "flags" line: every core has the same). */
  public static CpuFeatures fromCpuinfo(String text, String source) {
    return text.lines()
        .filter(l -> l.startsWith("flags"))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .map(l -> Arrays.stream(l.split("\\s+")).collect(Collectors.toUnmodifiableSet()))
        .map(f -> new CpuFeatures(f, source))
        .orElse(new CpuFeatures(null, source + " (no flags line)"));
  }

  /** A CPU with exactly these flags, for tests. */
  public static CpuFeatures of(String... flags) {
    return new CpuFeatures(Set.of(flags), "given");
  }

  /** Whether the CPU computes bfloat16 natively (AVX512_BF16 or AMX-BF16). */
  public boolean bf16() {
    return flags != null && flags.stream().anyMatch(BF16_FLAGS::contains);
  }

  /**
   * {@code asked}, or fp32 when that is bf16 and this CPU cannot run it natively; then {@link
   * #fallbackWarning} says why.
   */
  public Precision supported(Precision asked) {
    return asked == Precision.BF16 && !bf16() ? Precision.FP32 : asked;
  }

  /** Why bf16 falls back to fp32 here, or empty if it does not. */
  public Optional<String> fallbackWarning(Precision asked) {
    if (supported(asked) == asked) return Optional.empty();
    String why =
        flags == null
            ? "cannot tell whether this CPU has AVX512_BF16 or AMX-BF16 (" + source + ")"
            : "this CPU has neither AVX512_BF16 nor AMX-BF16 (no avx512_bf16 or amx_bf16 in "
                + source
                + "), so bfloat16 would be emulated and slower than float32";
    return Optional.of("--precision bf16: " + why + "; training in fp32 instead");
  }
}
