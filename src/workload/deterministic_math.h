// exp and log computed with IEEE basic operations only, so the world comes out
// bit-identical whatever libm, compiler or CPU runs the generator (libm's exp/log
// are not required to be correctly rounded and differ between implementations).
// Accurate to about 1 ulp; the library is built with -ffp-contract=off.
#pragma once

namespace hindsight::workload {

// e^x. Returns 0 below -745 and +inf above 709.8.
double DeterministicExp(double x);

// Natural logarithm; requires x > 0 and finite.
double DeterministicLog(double x);

// The logistic function 1 / (1 + e^-x).
inline double Logistic(double x) { return 1.0 / (1.0 + DeterministicExp(-x)); }

}  // namespace hindsight::workload
