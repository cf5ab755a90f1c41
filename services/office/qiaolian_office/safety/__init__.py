"""平安建設, 安全生產, 消防 safety: inspections of premises with findings (each a rectification with a
deadline on the board until rectified), fire drills, and safety equipment (extinguishers) whose
next-check dates the scheduler watches."""
