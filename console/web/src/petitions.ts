import type { PetitionState } from '@/api/types'

// The colour of each petition state's tag: waiting on us amber, being handled blue, ended grey.
export const STATE_TAG: Record<PetitionState, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  filed: 'warning',
  received_by_transfer: 'warning',
  linked: 'info',
  accepted: 'primary',
  not_accepted: 'info',
  routed: 'info',
  transferred: 'primary',
  assigned: 'primary',
  objected: 'danger',
  opinion_issued: 'success',
  opinion_delivered: 'success',
  under_review: 'primary',
  review_decided: 'warning',
  review_opinion_delivered: 'success',
  under_rereview: 'primary',
  rereview_hearing: 'warning',
  finalized: 'info',
  closed: 'info',
}

export const STATES = Object.keys(STATE_TAG) as PetitionState[]
export const CLASSES = ['proposal', 'report_accusation', 'claim'] as const
export const CHANNELS = ['letter', 'visit', 'phone', 'online'] as const

// a command's path under /petitions/{id}/ where it is not the command's own name
export const COMMAND_PATHS: Record<string, string> = {
  issue_opinion: 'opinion',
  request_review: 'review-request',
  decide_review: 'review-decision',
  request_rereview: 'rereview-request',
  decide_rereview: 'rereview-decision',
  start_hearing: 'hearing-start',
  end_hearing: 'hearing-end',
  record_feedback: 'feedback',
  record_notice: 'notice',
  record_satisfaction: 'satisfaction',
}
