package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"maillage/app/billing"
	"maillage/app/jobs"
	"maillage/app/mail"
	"maillage/app/opportunities"
	"maillage/app/outbound"
	"maillage/app/suppliers"
)

// startWorker runs the job queue in the background of `serve` until ctx ends, and returns a function
// that waits until it has stopped (the job under way finished): serve calls it before closing the pool.
// E-mail
// sending (through SMTP when MAILLAGE_SMTP_HOST is set; otherwise messages are only kept
// for the dev mailbox page), the daily document-expiry reminders and the alerts' daily digests. Every instance runs
// one; the queue's row locks share the work. The returned wait blocks until both loops have stopped
// (the job under way finished): serve calls it before closing the pool.
func startWorker(ctx context.Context, cfg config, wr *wiring, log *slog.Logger) (wait func(), err error) {
	db, tpl, translate := wr.db, wr.services.Mail.Templates, wr.messages.Translate
	var sender mail.Sender
	if cfg.SMTPHost != "" {
		s, err := mail.NewSMTPSender(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser,
			Password: cfg.SMTPPassword, From: cfg.MailFrom, FromName: "Maillage", Insecure: cfg.SMTPInsecure})
		if err != nil {
			return nil, err
		}
		sender = s
	} else if cfg.Env == "production" {
		log.Warn("MAILLAGE_SMTP_HOST not set: e-mails are kept in the outbox, never sent")
	}
	apps, opps := wr.services.Suppliers.Applications, wr.services.Opportunities
	allow, err := outbound.ParseAllow(cfg.OutboundAllow)
	if err != nil {
		return nil, err
	}
	// SEAO's weekly file can be tens of megabytes: a larger bound than the default, same guards.
	seaoClient := outbound.New(outbound.Options{AllowInsecure: cfg.Env != "production", Allow: allow, MaxBytes: 200 << 20, Timeout: 5 * time.Minute})
	w := &jobs.Worker{DB: db, Log: log, Handlers: map[string]jobs.Handler{
		mail.JobSend:                  mail.SendJob(db, sender),
		suppliers.JobExpiryReminders:  apps.ReminderJob(),
		opportunities.JobDigests:      opps.DigestJob(tpl, cfg.BaseURL),
		opportunities.JobFetchNotices: opps.FetchJob(seaoClient, cfg.SEAONoticesURL),
		opportunities.JobRematch:      opps.RematchJob(),
		billing.JobStatusChanged:      billing.StatusChangedJob(db, tpl, translate, cfg.BaseURL),
	}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			if err := suppliers.ScheduleReminders(db.WithContext(ctx), time.Now()); err != nil && ctx.Err() == nil {
				log.Error("schedule reminders", "error", err.Error())
			}
			if err := opportunities.ScheduleDigests(db.WithContext(ctx), time.Now()); err != nil && ctx.Err() == nil {
				log.Error("schedule digests", "error", err.Error())
			}
			if err := opportunities.ScheduleRematch(db.WithContext(ctx), time.Now()); err != nil && ctx.Err() == nil {
				log.Error("schedule re-match", "error", err.Error())
			}
			if cfg.SEAONoticesURL != "" {
				if err := opportunities.ScheduleFetch(db.WithContext(ctx), time.Now()); err != nil && ctx.Err() == nil {
					log.Error("schedule SEAO fetch", "error", err.Error())
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	go func() {
		defer wg.Done()
		w.Run(ctx, 2*time.Second)
	}()
	return wg.Wait, nil
}
