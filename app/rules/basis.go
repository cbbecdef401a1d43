package rules

// basis decides what the thresholds are compared with and under which law. A municipal body
// compares the dépense: the estimate before taxes plus net taxes (GST refunded in full, QST half:
// MPECO c. Sainte-Agathe-des-Monts), renewal options included; an LCOP body the estimated value
// before taxes. Both the rate and whether options count are legal values of the launch date.
func (a *advisor) basis() error {
	p := a.in.Purchase
	b, err := a.in.Reference.need(a.prefix()+"_amount_basis", a.day)
	if err != nil {
		return err
	}
	a.rate = b.Number
	opts, counted := a.in.Reference.At(a.prefix()+"_options_counted", a.day)
	a.total = p.Amount
	if counted {
		a.total += p.Options
	}
	a.ampTotal = p.Amount
	if _, ok := a.in.Reference.At("amp_options_counted", a.day); ok || counted {
		a.ampTotal += p.Options
	}
	a.out.Expense = a.net(a.total)
	args := map[string]any{"Amount": p.Amount, "Options": p.Options, "Rate": b.Number, "Expense": a.out.Expense}
	msg := "rules.basis.net_taxes"
	if a.rate == 0 {
		msg = "rules.basis.before_taxes"
	}
	a.out.Basis = append(a.out.Basis, line(b.Ref(), msg, args))
	switch {
	case p.Options > 0 && counted:
		a.out.Basis = append(a.out.Basis, line(opts.Ref(), "rules.basis.options_counted", map[string]any{"Options": p.Options}))
	case p.Options > 0:
		a.out.Basis = append(a.out.Basis, line(b.Ref(), "rules.basis.options_not_counted", map[string]any{"Options": p.Options}))
	}
	a.regime()
	return nil
}

// regime names the law of the launch date and flags a process that straddles the LCOM's coming
// into force: no transitional rule was found, so the buyer must check which law governs it.
func (a *advisor) regime() {
	if !a.municipal() {
		a.out.Regime = RegimeLCOP
		return
	}
	a.out.Regime = RegimeLCVCM
	if v, ok := a.in.Reference.At("lcom_in_force", a.day); ok {
		a.out.Regime = RegimeLCOM
		a.out.Basis = append(a.out.Basis, line(v.Ref(), "rules.basis.regime_lcom", map[string]any{"From": v.From}))
		return
	}
	first, ok := a.in.Reference.first("lcom_in_force")
	award := a.in.Purchase.AwardDate
	if ok && first.From.After(a.day) && !award.IsZero() && !Truncate(award).Before(first.From) {
		a.warn(first.Ref(), "rules.warn.lcom_transition", map[string]any{"From": first.From, "Date": a.day, "Award": Truncate(award)})
	}
}
