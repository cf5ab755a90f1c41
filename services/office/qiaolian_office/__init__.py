"""office (辦公室): the hub that coordinates the federation's offices. It watches every deadline on
its supervision board, handles official documents and archives, reports upward, hosts, drives and
rosters, sends staff abroad, and keeps the province-wide registry of overseas-Chinese resources.

Concept packages (each with the files it needs of rules, tables, commands, queries, routes, events):
  supervision/        督查督辦: the board of deadlines, open_item / close_item / move_item for the
                      concepts that watch one; rights' petition and personnel's election events
  tasks/              督查事項: supervised tasks assigned by leadership, with progress reports
  documents/          公文: incoming registration and routing, outgoing sign-off, numbering, dispatch
  archives/           檔案: filing with a retention period, loans and their return
  situation_reports/  僑情專報: reports contributed, approved, submitted upward, instructed
  vehicles/           公車: the fleet, staff bookings, and the vehicles of liaison's delegation visits
  reception/          公務接待: receptions arranged for delegation visits
  duty_rosters/       值班: holiday duty drawn from the staff directory, swaps, the duty log
  outbound_trips/     因公出國(境): applications, the approval chain, passport custody, reports
  registry/           僑務資源: the resource registry fed by liaison's events
The staff directory is the chassis's staff projection (database.py), fed by personnel's events.
"""
