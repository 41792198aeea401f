/** The statistics every budget is computed from: medians, percentiles and the per-run record. */
import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, sampleOf } from './statistics';

describe('bench statistics', () => {
  it('keeps every run at the same three decimals as the median', () => {
    // Act
    const sample = sampleOf([12.34567, 10.98765, 11.11111, 14.44444, 9.87654]);

    // Assess
    expect(sample).toEqual({
      median: 11.111,
      min: 9.877,
      max: 14.444,
      runs: [12.346, 10.988, 11.111, 14.444, 9.877],
    });
  });

  it('interpolates percentiles between the sorted values', () => {
    // Assess
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([], 50)).toBeNaN();
    expect(ratio(2, 3)).toBe(0.667);
  });
});
