//! Checking a figure against its series in the catalogue.

use crate::{Series, ValueProblem};

impl Series {
    /// Accepts `value` if it is a finite number inside this series' range, and whole where the
    /// series counts things.
    pub fn check(&self, value: f64) -> Result<f64, ValueProblem> {
        if !value.is_finite() {
            return Err(ValueProblem::NotANumber);
        }
        let below = self.min.is_some_and(|min| value < min);
        let above = self.max.is_some_and(|max| value > max);
        if below || above {
            return Err(ValueProblem::OutOfRange {
                min: self.min,
                max: self.max,
            });
        }
        if self.integer && value.fract() != 0.0 {
            return Err(ValueProblem::NotInteger);
        }
        // -0.0 and 0.0 are the same figure; store one of them.
        Ok(if value == 0.0 { 0.0 } else { value })
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;
    use crate::Catalogue;

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    #[test]
    fn accepts_values_inside_the_range_including_the_bounds() {
        let catalogue = catalogue();
        let satisfaction = catalogue.find_series("customer_satisfaction").unwrap();
        assert_eq!(satisfaction.check(0.0), Ok(0.0));
        assert_eq!(satisfaction.check(100.0), Ok(100.0));
        assert_eq!(satisfaction.check(74.5), Ok(74.5));
        assert_eq!(
            satisfaction.check(-0.0).map(f64::is_sign_positive),
            Ok(true)
        );
    }

    #[test]
    fn refuses_values_outside_the_range_with_the_bounds() {
        let catalogue = catalogue();
        let satisfaction = catalogue.find_series("customer_satisfaction").unwrap();
        let problem = satisfaction.check(100.5).unwrap_err();
        assert_eq!(problem.to_string(), "must be between 0 and 100");
        let maturity = catalogue.find_series("digital_maturity").unwrap();
        assert_eq!(
            maturity.check(0.9).unwrap_err().to_string(),
            "must be between 1 and 5"
        );
        let ideas = catalogue.find_series("ideas_delivered").unwrap();
        assert_eq!(
            ideas.check(-1.0).unwrap_err().to_string(),
            "must be at least 0"
        );
    }

    #[test]
    fn refuses_fractions_for_counts_but_not_for_other_units() {
        let catalogue = catalogue();
        let ideas = catalogue.find_series("ideas_delivered").unwrap();
        assert_eq!(ideas.check(2.5), Err(ValueProblem::NotInteger));
        assert_eq!(ideas.check(3.0), Ok(3.0));
        let gain = catalogue.find_series("ecosystem_gain").unwrap();
        assert_eq!(gain.check(2.5), Ok(2.5));
    }

    #[test]
    fn unbounded_series_take_any_finite_number_but_never_nan_or_infinity() {
        let catalogue = catalogue();
        let ten_x = catalogue.find_series("ten_x_current").unwrap();
        assert_eq!(ten_x.check(-1e12), Ok(-1e12));
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(ten_x.check(bad), Err(ValueProblem::NotANumber));
        }
    }
}
