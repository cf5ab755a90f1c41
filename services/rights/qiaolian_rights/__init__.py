"""rights (經濟工作處 / 權益保障處): petitions under the statutory rules, and the office's other work.

One package per concept of the office:
- petitions/      信訪: intake, first decision, handling, review and re-review to finality
- consultations/  法律/政策諮詢: legal and policy questions, answered quickly
- disputes/       調解: mediation and diversified dispute resolution
- counsel/        法律顧問、公益律師、調解員: the roster of counsel and their terms
- assistance/     困難幫扶: hardship assistance within the year's budget
- publicity/      普法宣傳、執法檢查: legal publicity and implementation issues of overseas-Chinese law
- projects/       引才引智、引資引技: the talent, investment and technology project pipeline
- awards/         中國僑界貢獻獎: nominations from the call to the result
- startup/        創業中華: activities and innovation and startup bases
"""
