package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/classify"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/kafka"
)

// runRetag re-tags every posting still in postings.raw with the current
// taxonomy and replaces the old tagging in ClickHouse without counting
// anything twice.
func (m *Main) runRetag(ctx context.Context, args []string) error {
	fs := m.flagSet("retag", "[--batch N] [--idle DURATION] [--rebuild-only]",
		"Re-tags the postings in postings.raw, from the beginning, with the current taxonomy and writes them to\n"+
			"ClickHouse under their existing deduplicated posting ids with the new taxonomy_version. Then deletes the\n"+
			"rows of skills the new tagging no longer finds and rebuilds every rollup from the latest rows, so a\n"+
			"dropped skill or a moved posting day leaves no trace and nothing is counted twice. Safe to run again.\n"+
			"Postings no longer in postings.raw keep their old tagging (and taxonomy_version).")
	cf := config.Register(fs, true)
	batchSize := fs.Int("batch", 500, "postings per ClickHouse write")
	idle := fs.Duration("idle", 10*time.Second, "stop reading when no message arrives for this long")
	rebuildOnly := fs.Bool("rebuild-only", false, "only rebuild the rollups from the latest rows")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *batchSize < 1 || *idle <= 0 {
		return usageError{"retag: --batch and --idle must be positive"}
	}
	cfg, err := cf.Load(m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger().With("command", "retag")
	tax, tg, err := loadTagger()
	if err != nil {
		return err
	}
	db, err := m.connectClickHouse(ctx, cfg, tax, true, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*rebuildOnly {
		kc, err := m.kafkaConfig(cfg, log)
		if err != nil {
			return err
		}
		group := fmt.Sprintf("skillpulse-retag-%d", time.Now().UnixNano())
		progress, err := kafka.GroupProgress(ctx, kc, group, cfg.Topics.Raw)
		if err != nil {
			return fmt.Errorf("retag: %w", err)
		}
		sub, err := kafka.NewSubscription(kc, group, cfg.Topics.Raw)
		if err != nil {
			return fmt.Errorf("retag: %w", err)
		}
		defer sub.Close()
		e := &extract.Extractor{Tagger: tg, TaxonomyVersion: tax.Version, Classify: classify.Dimensions}
		w := dedupWriter(db, cfg.Dedup, nil)
		var batch []skillpulse.TaggedPosting
		var read, tagged, rejected int64
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if err := w.WriteTagged(ctx, batch); err != nil {
				return fmt.Errorf("retag: %w", err)
			}
			tagged += int64(len(batch))
			batch = batch[:0]
			return nil
		}
		for read < progress.End {
			fctx, cancel := context.WithTimeout(ctx, *idle)
			msg, err := sub.Fetch(fctx)
			cancel()
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				log.Warn("no more messages before the topic's end", "read", read, "end", progress.End)
				break
			}
			if err != nil {
				return fmt.Errorf("retag: read %s: %w", cfg.Topics.Raw, err)
			}
			read++
			p, err := skillpulse.ParseRawPosting(msg.Value)
			if err != nil {
				rejected++
				continue
			}
			batch = append(batch, e.Extract(p))
			if len(batch) >= *batchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if err := db.PurgeSuperseded(ctx, tax.Version); err != nil {
			return fmt.Errorf("retag: %w", err)
		}
		fmt.Fprintf(m.Stdout, "re-tagged %d postings with taxonomy %s (read %d, %d invalid skipped)\n", tagged, tax.Version, read, rejected)
	}
	if err := db.RebuildRollups(ctx); err != nil {
		return fmt.Errorf("retag: %w", err)
	}
	fmt.Fprintln(m.Stdout, "rollups rebuilt from the latest rows")
	return nil
}
