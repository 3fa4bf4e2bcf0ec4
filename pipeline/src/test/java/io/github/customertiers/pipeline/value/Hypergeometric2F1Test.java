package io.github.customertiers.pipeline.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Hypergeometric2F1Test {

  @ParameterizedTest(name = "2F1({0}, {1}; {2}; {3}) = {4}")
  @CsvSource({
      // Reference values computed with mpmath.hyp2f1 at 30 digits.
      "1,      1,      2,     0.999,  6.9146699489310672373",   // c-a-b = 0: the integer case near 1
      "2.243,  4.426,  5.219, 0.5,    3.6147077068232819043",   // BG/NBD-like parameters, direct series
      "2.243,  4.426,  5.219, 0.95,   167.89884773237122742",   // near 1: connection formula
      "0.5,    1.5,    2.7,   0.9999, 1.9758496507416904755",   // very near 1, c-a-b = 0.7
      "10.243, 12.426, 12.219, 0.9,   27253369537.496834818",   // large value, c-a-b = -10.45
      "1.5,    2.5,    3.0,   -5.0,   0.094449934806769455981", // z < -1: Pfaff then connection
      "0.3,    0.7,    1.2,   -0.999, 0.87959893737280125359",  // -1 < z < 0: Pfaff then series
      "3,      2,      1.5,   0.75,   174.08315931098994244",   // c-a-b = -3.5
      "2.243,  4.426,  5.219, -30,    0.00077201485194884213713",
      "2.5,    1.5,    4,     0.999999, 60.715603242300369575",   // c-a-b = 0 very near 1: interpolated
      "0.2,    0.3,    -2.5,  0.3,    0.9883741096028620978",   // negative non-integer c
      "0.2,    0.3,    -2.5,  0.8,    -6.530961258947228336"
  })
  void matchesReferenceValues(double a, double b, double c, double z, double expected) {
    assertThat(Hypergeometric2F1.value(a, b, c, z)).as("2F1(%s, %s; %s; %s)", a, b, c, z)
        .isCloseTo(expected, withPercentage(1e-7));
  }

  @ParameterizedTest(name = "z = {0}")
  @CsvSource({"0.1", "0.5", "0.75", "0.9", "0.99", "0.999999", "-0.5", "-3", "-1000"})
  void matchesClosedForms(double z) {
    assertThat(Hypergeometric2F1.value(1, 1, 2, z)).as("2F1(1,1;2;z) = -ln(1-z)/z at z=%s", z)
        .isCloseTo(-Math.log1p(-z) / z, withPercentage(1e-7));
    assertThat(Hypergeometric2F1.value(0.7, 2.5, 2.5, z)).as("2F1(a,b;b;z) = (1-z)^-a at z=%s", z)
        .isCloseTo(Math.pow(1 - z, -0.7), withPercentage(1e-7));
    if (z > 0) {
      double s = Math.sqrt(z);
      assertThat(Hypergeometric2F1.value(0.5, 0.5, 1.5, z)).as("2F1(1/2,1/2;3/2;s^2) = asin(s)/s at z=%s", z)
          .isCloseTo(Math.asin(s) / s, withPercentage(1e-7));
    }
  }

  @Test
  void polynomialCaseTerminates() {
    double b = 1.3;
    double c = 2.1;
    double z = 0.8;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
    assertThat(Hypergeometric2F1.value(-2, b, c, z)).as("2F1(-2,b;c;z) is a quadratic")
        .isCloseTo(expected, offset(1e-14));
  }

  @Test
  void gaussTheoremAtOne() {
    // 2F1(a,b;c;1) = Gamma(c)Gamma(c-a-b)/(Gamma(c-a)Gamma(c-b)); with a=1,b=1,c=3: 2!0!/(1!1!) = 2.
    assertThat(Hypergeometric2F1.value(1, 1, 3, 1.0)).as("Gauss's theorem").isCloseTo(2.0, offset(1e-12));
  }

  @Test
  void scaledValueAvoidsOverflow() {
    // (1-z)^(a) 2F1(a, b; c; z) for a heavy buyer: 2F1 alone is about 1e+400 here.
    double a = 400.24;
    double b = 402.4;
    double c = 402.2;
    double z = 0.9;
    double scaled = Hypergeometric2F1.scaledValue(a, b, c, z, a);
    assertThat(Hypergeometric2F1.value(a, b, c, z)).as("the unscaled value overflows").isInfinite();
    assertThat(scaled).as("the scaled value is finite and positive").isFinite().isPositive();
    assertThat(scaled).as("the scaled value matches mpmath").isCloseTo(1.5834992691602628312, withPercentage(1e-7));
  }

  @Test
  void continuousAcrossTheDirectSeriesLimit() {
    double below = Hypergeometric2F1.value(2.243, 4.426, 5.219, 0.5);
    double above = Hypergeometric2F1.value(2.243, 4.426, 5.219, Math.nextUp(0.5));
    assertThat(above).as("series and connection formula agree at z = 0.5").isCloseTo(below, withPercentage(1e-9));
  }

  @Test
  void rejectsArgumentsWhereItIsUndefined() {
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, -2, 0.3)).as("c a non-positive integer")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c is a non-positive integer");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1.5)).as("z > 1")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z > 1");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 2, 2.5, 1.0)).as("z = 1 with c - a - b <= 0")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c - a - b > 0");
    assertThatThrownBy(() -> Hypergeometric2F1.value(Double.NaN, 1, 2, 0.5)).as("NaN")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
