package agreement

import "fmt"

// Compute measures the agreement of the coders of a project on the
// documents that two or more of them have coded (see the package comment),
// narrowed by opts. Alphas get a bootstrap 95% interval from opts.Draws
// resamples (1000 unless set) seeded with opts.Seed (DefaultSeed unless
// set); both are in the report.
func Compute(src Source, opts Options) (*Report, error) {
	docs, coders, cb, err := load(src, opts)
	if err != nil {
		return nil, err
	}
	r := &Report{Coders: coders, Seed: opts.Seed, Draws: opts.Draws}
	if r.Seed == 0 {
		r.Seed = DefaultSeed
	}
	if r.Draws == 0 {
		r.Draws = DefaultDraws
	}
	if r.Draws < 0 {
		r.Draws = 0
	}
	for _, d := range docs {
		r.Documents = append(r.Documents, d.doc.ID)
	}
	f := filter{labels: set(opts.Labels)}
	stopped := func() error {
		if opts.Context == nil {
			return nil
		}
		if err := opts.Context.Err(); err != nil {
			return fmt.Errorf("agreement: %w", err)
		}
		return nil
	}
	r.Spans = spanRows(r, docs, coders, cb, f)
	if err := stopped(); err != nil {
		return nil, err
	}
	r.Values = append(r.Values, commentLabelRows(r, docs, coders, cb)...)
	if err := stopped(); err != nil {
		return nil, err
	}
	r.Values = append(r.Values, attributeRows(r, docs, coders, cb, f)...)
	vars, err := variableRows(r, src, docs, coders, cb)
	if err != nil {
		return nil, err
	}
	r.Values = append(r.Values, vars...)
	return r, nil
}
